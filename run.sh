#!/usr/bin/env bash
# Builds the app and serves it on http://localhost:7071 through Chatbot.LocalHost and the real Functions worker.
# A .env file here (GOOGLE_GEMINI_API_KEY=..., as the original project's setup has it) gives the worker its settings;
# the real environment wins over it. Arguments go to the local host: ./run.sh --port 8080
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Chatbot.sln -c Debug --nologo -v quiet
env_file=()
if [[ -f .env ]]; then
    env_file=(--env-file .env)
fi
exec dotnet Chatbot.LocalHost/bin/Debug/net10.0/Chatbot.LocalHost.dll "${env_file[@]}" "$@"
