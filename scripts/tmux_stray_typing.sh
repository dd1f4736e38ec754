#!/usr/bin/env bash
# The stray-typing scene of issue 13, in a real terminal (tmux): type "registration fails",
# press Tab (the focus goes to the causes), go on typing " company portal". Before the fix,
# o recorded "Are all users affected? → Yes" and t opened the table of contents; now the
# letters go on the query and no answer is recorded. Prints the screens (capture-pane) and
# exits non-zero on failure.
#
#   scripts/tmux_stray_typing.sh [WIDTHxHEIGHT]     (default 100x30)
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/tmux_lib.sh stray "$@"

tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" \
    "env JAMFKB_CONFIG_DIR='$WORK/config' JAMFKB_CACHE_DIR='$WORK/cache' \
     JAMFKB_DATA_DIR='$WORK/data' JAMFKB_NO_CLIPBOARD_TOOLS=1 TERM=xterm-256color \
     $PYTHON -m tui.cli --lang en; sleep 5"

wait_for "problems," 30                       # the knowledge base is loaded
tmux send-keys -t "$SESSION" -l "registration fails"
wait_for "Likely causes"
sleep 1
tmux send-keys -t "$SESSION" Tab              # the focus goes to the causes
sleep 1
echo "--- after 'registration fails' + Tab ---"
screen | head -8
# one key at a time, as a person types (o, m, p, a, n, y, t, l: once answers and the toc)
for char in " " c o m p a n y " " p o r t a l; do
    tmux send-keys -t "$SESSION" -l "$char"
    sleep 0.15
done
wait_for "registration fails company portal"
sleep 1.5
echo "--- after typing ' company portal' ---"
screen
if screen | grep -qF "Your answers"; then
    fail "an answer was recorded"
fi
if screen | grep -qF "Answer recorded"; then
    fail "an answer was recorded (notice)"
fi
echo "OK: the query grew to 'registration fails company portal'; no answer recorded"
tmux send-keys -t "$SESSION" C-q
