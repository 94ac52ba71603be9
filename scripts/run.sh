#!/usr/bin/env bash
# `make run`: migrate the database, print a fresh admin token, start the service (with its own
# worker on the embedded broker unless DONTHU_BROKER_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
"$BIN/donthu" db upgrade
token=$("$BIN/donthu" token create --role admin --name "make run" | tail -1)
cat <<MSG

  donthu is starting on http://${HOST:-127.0.0.1}:${PORT:-8000}  (API docs: /docs)
  Admin token for this run (shown once, stored hashed):
      $token
  Try:  curl -H "Authorization: Bearer $token" http://${HOST:-127.0.0.1}:${PORT:-8000}/api/health

MSG
exec "$BIN/donthu" serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
