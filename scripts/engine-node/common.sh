# Settings shared by the engine-node scripts. Sourced, not run.
#
# CRUCE_ENGINE_PORT     base HTTP port; node N listens on base + N (default 9200, so node 1 is 9201)
# CRUCE_ENGINE_NODES    number of nodes in the JVM (default 1)
# CRUCE_ENGINE_HEAP     JVM heap, both -Xms and -Xmx (default 512m)
# CRUCE_ENGINE_DIR      working folder for data, logs and the pid file (default var/engine-node)
# CRUCE_ENGINE_TIMEOUT  seconds to wait for green or yellow health (default 180)
# CRUCE_ENGINE_KEEP_DATA=1 keeps the node's data between runs (default: start from empty)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_PROJECT="$REPO_ROOT/docker/node"

ENGINE_PORT="${CRUCE_ENGINE_PORT:-9200}"
ENGINE_NODES="${CRUCE_ENGINE_NODES:-1}"
ENGINE_HEAP="${CRUCE_ENGINE_HEAP:-512m}"
ENGINE_DIR="${CRUCE_ENGINE_DIR:-$REPO_ROOT/var/engine-node}"
ENGINE_TIMEOUT="${CRUCE_ENGINE_TIMEOUT:-180}"

ENGINE_HTTP_PORT=$((ENGINE_PORT + 1))
ENGINE_URL="http://127.0.0.1:$ENGINE_HTTP_PORT"
PID_FILE="$ENGINE_DIR/node.pid"
LOG_FILE="$ENGINE_DIR/node.log"

say() {
    echo "engine-node: $*" >&2
}

node_pid() {
    # Prints the pid from the pid file when that process is still alive.
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid="$(cat "$PID_FILE")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

health_status() {
    # Prints green, yellow or red once all ENGINE_NODES nodes have joined, or nothing before that.
    local answer
    answer="$(curl -s -m 5 "$ENGINE_URL/_cluster/health?wait_for_nodes=$ENGINE_NODES&timeout=1s" 2>/dev/null || true)"
    case "$answer" in
        *'"timed_out":false'*) echo "$answer" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' ;;
    esac
}
