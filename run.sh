#!/usr/bin/env bash
# Builds the app and serves it on http://localhost:7071 through Chatbot.LocalHost and the real Functions worker.
# A .env file here (GOOGLE_GEMINI_API_KEY=..., as the original project's setup has it) gives the worker its settings;
# the real environment wins over it. Arguments go to the local host: ./run.sh --port 8080
# The operator's commands, as Django's manage.py has them, run on the same settings and database instead:
#   ./run.sh createsuperuser [--username NAME] [--email EMAIL] [--no-input]
#   ./run.sh changepassword [USERNAME] [--no-input]
set -euo pipefail
cd "$(dirname "$0")"
env_file=()
if [[ -f .env ]]; then
    env_file=(--env-file .env)
fi

case "${1:-}" in
    createsuperuser | changepassword)
        # Only the command's own project: quicker, and it leaves a running ./run.sh's worker files alone. The build
        # speaks only when it fails, so a script reads nothing but the command's own lines.
        if ! build=$(dotnet build Chatbot.Manage -c Debug --nologo -v quiet 2>&1); then
            printf '%s\n' "$build" >&2
            exit 1
        fi
        exec dotnet Chatbot.Manage/bin/Debug/net10.0/Chatbot.Manage.dll "${env_file[@]}" "$@"
        ;;
esac

dotnet build Chatbot.sln -c Debug --nologo -v quiet
exec dotnet Chatbot.LocalHost/bin/Debug/net10.0/Chatbot.LocalHost.dll "${env_file[@]}" "$@"
