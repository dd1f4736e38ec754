# Shared by the tmux scripts: source it after `cd` to the repository, with the scene's name
# and the script's arguments:  . scripts/tmux_lib.sh NAME [WIDTHxHEIGHT]
# Sets SIZE, WIDTH, HEIGHT, SESSION, WORK (removed at exit with the session) and PYTHON;
# defines screen, fail and wait_for.

SIZE="${2:-100x30}"
WIDTH="${SIZE%x*}"
HEIGHT="${SIZE#*x}"
SESSION="jamfkb-$1-$$"
WORK="$(mktemp -d)"
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

screen() { tmux capture-pane -p -t "$SESSION"; }

fail() {
    echo "FAIL: $1" >&2
    echo "----- screen -----" >&2
    screen >&2 2>/dev/null || true
    exit 1
}

# wait_for TEXT [SECONDS] [grep flag]: poll the pane until TEXT (fixed string) shows up
wait_for() {
    local text="$1" limit="${2:-15}" flag="${3:--F}" waited=0
    while ! screen | LC_ALL=C.UTF-8 grep -q "$flag" -e "$text"; do
        sleep 0.2
        waited=$((waited + 1))
        [ "$waited" -lt $((limit * 5)) ] || fail "did not see: $text"
    done
}
