#!/usr/bin/env bash
# Builds the app and serves it on http://localhost:7071 through Chatbot.LocalHost and the real Functions worker.
# Arguments go to the local host: ./run.sh --port 8080
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Chatbot.sln -c Debug --nologo -v quiet
exec dotnet Chatbot.LocalHost/bin/Debug/net10.0/Chatbot.LocalHost.dll "$@"
