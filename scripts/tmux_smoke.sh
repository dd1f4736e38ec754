#!/usr/bin/env bash
# Smoke test of the real app in a real terminal (tmux): type a symptom, check that a cause
# appears, Tab to the causes and Escape back, switch to French, check French text, quit with
# ctrl+q. Exits non-zero on failure.
#
#   scripts/tmux_smoke.sh [WIDTHxHEIGHT]     (default 100x30; try 80x24)
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/tmux_lib.sh smoke "$@"

tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" \
    "env JAMFKB_CONFIG_DIR='$WORK/config' JAMFKB_CACHE_DIR='$WORK/cache' \
     JAMFKB_DATA_DIR='$WORK/data' TERM=xterm-256color \
     $PYTHON -m tui.cli --lang en; echo \"exit=\$?\" > '$WORK/exit'; sleep 5"

wait_for "problems," 30          # status line once the knowledge base is loaded
tmux send-keys -t "$SESSION" -l "devices unresponsive in jamf"
wait_for "Likely causes"
wait_for "(█|░){8} +[0-9]+% [[:alpha:]]" 15 -E   # a ranked cause: bar, percentage, title
echo "--- English screen ($SIZE) ---"
tmux capture-pane -p -t "$SESSION"

# keyboard flow: Tab goes to the causes (the key hints change), Escape back to the query
tmux send-keys -t "$SESSION" Tab
wait_for "↑↓ Enter read"                # the focused list's hint (at 80 columns its "Esc
                                        # query" wraps between two lines)
wait_for "(Cause|Problem) · " 15 -E      # the highlighted cause's article is shown
tmux send-keys -t "$SESSION" Escape
wait_for "Tab/↓ causes"

tmux send-keys -t "$SESSION" F2
wait_for "Causes probables"
wait_for "Symptômes reconnus"
wait_for "problèmes,"
wait_for "(█|░){8} +[0-9]+% [[:alpha:]]" 15 -E
echo "--- French screen ($SIZE) ---"
tmux capture-pane -p -t "$SESSION"

tmux send-keys -t "$SESSION" C-q
for _ in $(seq 1 50); do
    [ -f "$WORK/exit" ] && break
    sleep 0.2
done
[ -f "$WORK/exit" ] || fail "ctrl+q did not quit"
grep -qx "exit=0" "$WORK/exit" || fail "exit status: $(cat "$WORK/exit")"
echo "OK: tmux smoke test passed ($SIZE)"
