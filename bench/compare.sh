#!/usr/bin/env bash
# Runs every benchmark scenario against Petrel and Mosquitto, alternating (A B A B ...) for a number of
# repetitions, then prints the median of each figure and the Petrel/Mosquitto ratio.
#
#   bench/compare.sh [--pinned] [--quick] [--cluster] [--reps N] [--scenarios conn,fanin-q0,...] [--out DIR]
#
#   --cluster     two Petrel nodes on one Redis instead of Mosquitto: publishers on node A, subscribers on
#                 node B, against a single Petrel node as the comparison column (message-flow scenarios and
#                 retained; conn and idle have nothing to split)
#   --pinned      broker on CPU 0, generator on CPU 1 (taskset); without it both may use every CPU
#                 (in --cluster mode both nodes and Redis share CPU 0)
#   --quick       short runs and small counts, one repetition unless --reps says otherwise (smoke check)
#   --reps N      repetitions per scenario and broker (default 3)
#   --scenarios   comma-separated labels from the list printed by --list (default: all)
#   --out DIR     where results.jsonl, summary.md and the broker logs go (default bench/target/compare-TIME)
#   --list        print the scenario labels and exit
#
# Builds the generator (../mvnw -f bench/pom.xml), builds the executable broker jar (target/petrel-*-exec.jar)
# only when target/ has none (or PETREL_JAR names one), installs mosquitto (or, for --cluster, redis-server)
# when missing, raises `ulimit -n` to the hard limit.
# Load goes only to 127.0.0.1 (and comes from 127.0.0.x). Stops only the processes it started, by PID.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(dirname "$BENCH_DIR")

# Petrel's heap: 19,000 idle connections and 100,000 retained messages fit with room to spare.
PETREL_JVM_OPTS=(-Xmx1g)
# The generator's heap: latency histograms and 19,000 client channels.
GENERATOR_JVM_OPTS=(-Xms1g -Xmx1g)
# conn only: the generator's own C2 compiler was its busiest thread (half its core) all through the
# measurement, so the generator, not Mosquitto, set the pace; with C1 alone it opened connections 1.4-2.3x
# faster (RESULTS.md, finding 3). The message flows keep C2: there the generator's steady state counts.
CONN_GENERATOR_JVM_OPTS=(-XX:TieredStopAtLevel=1)
BROKER_START_TIMEOUT_S=60
# The seconds a cluster node may take to report ready: start-up plus its first subscription sync.
NODE_READY_TIMEOUT_S=90

# ------------------------------------------------------------------------------------------ options
PINNED=false
QUICK=false
CLUSTER=false
REPS=""
SELECTED=""
OUT=""
LIST=false
while (($#)); do
    case $1 in
        --pinned) PINNED=true ;;
        --quick) QUICK=true ;;
        --cluster) CLUSTER=true ;;
        --reps) REPS=$2; shift ;;
        --scenarios) SELECTED=$2; shift ;;
        --out) OUT=$2; shift ;;
        --list) LIST=true ;;
        *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
    esac
    shift
done

# ---------------------------------------------------------------------------------------- scenarios
# label -> generator arguments. Quick runs shrink the counts and the timing.
if $QUICK; then
    TIMING=(--warmup=1s --duration=3s)
    SLOW_WARMUP_TIMING=("${TIMING[@]}")
    CONNECTIONS=2000 IDLE_CONNECTIONS=2000 RETAINED_TOPICS=10000
    REPS=${REPS:-1}
else
    # 5 s of warm-up: a freshly started JVM broker is still compiling its hot paths for the first seconds.
    TIMING=(--warmup=5s --duration=10s)
    # At a fixed rate the hot paths run less often, and the JIT compiler stayed busy for about 10 s after start
    # (measured at 20,000 msg/s: C2 threads were a quarter of the broker's CPU in the 5-15 s window, none
    # after 15 s), so these measure from 15 s on; CPU per message is meant as the steady-state cost.
    SLOW_WARMUP_TIMING=(--warmup=15s --duration=10s)
    CONNECTIONS=10000 IDLE_CONNECTIONS=19000 RETAINED_TOPICS=100000
    REPS=${REPS:-3}
fi
declare -A CASES=(
    [conn]="--scenario=conn --connections=$CONNECTIONS --concurrency=100 --sources=4"
    [fanin-q0]="--scenario=fanin --publishers=8 --qos=0"
    [fanin-q1]="--scenario=fanin --publishers=8 --qos=1"
    [fanout-q0]="--scenario=fanout --subscribers=100 --qos=0"
    [p2p-q0]="--scenario=p2p --pairs=50 --qos=0"
    [p2p-q1]="--scenario=p2p --pairs=50 --qos=1"
    [p2p-q2]="--scenario=p2p --pairs=50 --qos=2"
    [rate-fanin-20k]="--scenario=fanin --publishers=8 --qos=0 --rate=20000"
    [rate-fanin-50k]="--scenario=fanin --publishers=8 --qos=0 --rate=50000"
    [rate-p2p-q1-20k]="--scenario=p2p --pairs=50 --qos=1 --rate=20000"
    [idle]="--scenario=idle --connections=$IDLE_CONNECTIONS --concurrency=200 --sources=8"
    [retained]="--scenario=retained --topics=$RETAINED_TOPICS"
)
# Broker settings for single scenarios. retained: one wildcard subscribe matches 100,000 retained messages,
# more than either broker queues per session by default (1,000; both then drop), so both queues are raised
# for it to measure lookup and delivery, not the drop policy.
declare -A PETREL_CASE_ARGS=([retained]="--mqtt.session.max-queued-messages=200000")
declare -A MOSQUITTO_CASE_CONF=([retained]="max_queued_messages 0")
ORDER=(conn fanin-q0 fanin-q1 fanout-q0 p2p-q0 p2p-q1 p2p-q2 rate-fanin-20k rate-fanin-50k rate-p2p-q1-20k idle retained)
# conn and idle neither publish nor subscribe: a cluster has no two sides to put them on.
SINGLE_NODE_ONLY=(conn idle)
if $CLUSTER; then
    ORDER=(fanin-q0 fanin-q1 fanout-q0 p2p-q0 p2p-q1 p2p-q2 rate-fanin-20k rate-fanin-50k rate-p2p-q1-20k retained)
fi
if $LIST; then
    printf '%s\n' "${ORDER[@]}"
    exit 0
fi
if [[ -n $SELECTED ]]; then
    IFS=, read -r -a ORDER <<<"$SELECTED"
    for label in "${ORDER[@]}"; do
        [[ -v CASES[$label] ]] || { echo "unknown scenario '$label' (see --list)" >&2; exit 2; }
        if $CLUSTER && [[ " ${SINGLE_NODE_ONLY[*]} " == *" $label "* ]]; then
            echo "scenario '$label' has no publishers and subscribers to split over two nodes; run it without --cluster" >&2
            exit 2
        fi
    done
fi
# The broker under test first, then the one it is compared with; summarize.py divides first by second.
if $CLUSTER; then
    BROKERS=(cluster petrel)
else
    BROKERS=(petrel mosquitto)
fi

if $PINNED; then
    MODE=pinned BROKER_CPUS=(taskset -c 0) GENERATOR_CPUS=(taskset -c 1)
else
    MODE=free BROKER_CPUS=() GENERATOR_CPUS=()
fi

# ------------------------------------------------------------------------------- processes we own
# The broker's processes in start order: one broker, or Redis and the two cluster nodes.
BROKER_PIDS=()
GENERATOR_PID=""

stop_pid() { # stop_pid PID: TERM, up to 20 s, then KILL; only ever a PID this script started
    local pid=$1 waited=0
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < 40)); do
        sleep 0.5
        waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_brokers() { # in reverse start order: the cluster nodes before the Redis they write to
    local i
    for ((i = ${#BROKER_PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${BROKER_PIDS[i]}"
    done
    BROKER_PIDS=()
}

cleanup() {
    set +e
    stop_pid "$GENERATOR_PID"
    stop_brokers
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------------------------------- setup
section() { printf '\n==== %s ====\n' "$*"; }

section "Build"
"$REPO_ROOT/mvnw" -B -q -f "$BENCH_DIR/pom.xml" package
if [[ -z ${PETREL_JAR:-} ]]; then
    shopt -s nullglob
    jars=("$REPO_ROOT"/target/petrel-*-exec.jar)
    shopt -u nullglob
    if ((${#jars[@]} == 0)); then
        (cd "$REPO_ROOT" && ./mvnw -B -q package -DskipTests)
        jars=("$REPO_ROOT"/target/petrel-*-exec.jar)
    fi
    PETREL_JAR=${jars[0]}
fi
if $CLUSTER; then OUT_KIND=-cluster; else OUT_KIND=""; fi
OUT=${OUT:-$BENCH_DIR/target/compare-$(date +%Y%m%d-%H%M%S)$OUT_KIND-$MODE}
mkdir -p "$OUT"
# Private copies, so a rebuild in the working tree cannot swap either jar in the middle of a comparison.
cp "$PETREL_JAR" "$OUT/petrel.jar"
cp "$BENCH_DIR/target/petrel-bench.jar" "$OUT/petrel-bench.jar"
GENERATOR_JAR=$OUT/petrel-bench.jar
echo "broker jar: $PETREL_JAR (copied to $OUT/petrel.jar)"

install_missing() { # install_missing COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
}
if $CLUSTER; then
    install_missing redis-server redis-server
    REDIS_SERVER=$(command -v redis-server || echo /usr/bin/redis-server)
else
    install_missing mosquitto mosquitto
    MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
fi

# Each idle connection is one open file in each process; the hard limit is the ceiling.
ulimit -n "$(ulimit -Hn)"

# Run as root, mosquitto drops to user mosquitto: its directory and config must be readable by it.
chmod 755 "$OUT"

section "Environment"
echo "mode: $MODE, repetitions: $REPS, quick: $QUICK, scenarios: ${ORDER[*]}"
if $CLUSTER; then
    echo "cluster mode: 'cluster' = two Petrel nodes (publishers on node A, subscribers on node B) on one Redis;"
    echo "  the comparison column is a single Petrel node, not Mosquitto. Cluster CPU figures add up both nodes and Redis."
fi
echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "memory: $(free -h | awk '/^Mem:/ {print $2}'), open files: $(ulimit -n), load: $(cat /proc/loadavg)"
java -version 2>&1 | head -1
if $CLUSTER; then
    "$REDIS_SERVER" --version
else
    "$MOSQUITTO" -h 2>/dev/null | head -1 || true
fi
echo "petrel JVM: ${PETREL_JVM_OPTS[*]}; generator JVM: ${GENERATOR_JVM_OPTS[*]} (conn: also ${CONN_GENERATOR_JVM_OPTS[*]})"

free_ports() { # free_ports N: N distinct free loopback ports on one line (all bound at once, so no repeats)
    python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])' "$1"
}

await_port() { # await_port PORT PID: until the port accepts connections, or fail when PID exits
    local deadline=$((SECONDS + BROKER_START_TIMEOUT_S))
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        kill -0 "$2" 2>/dev/null || { echo "broker exited before listening on $1" >&2; return 1; }
        ((SECONDS < deadline)) || { echo "broker not listening on $1 after ${BROKER_START_TIMEOUT_S}s" >&2; return 1; }
        sleep 0.2
    done
}

await_ready() { # await_ready MANAGEMENT_PORT PID: until /actuator/health/readiness answers 200, or fail
    local deadline=$((SECONDS + NODE_READY_TIMEOUT_S))
    until python3 -c 'import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/actuator/health/readiness", timeout=2)' "$1" 2>/dev/null; do
        kill -0 "$2" 2>/dev/null || { echo "node exited before it was ready (management port $1)" >&2; return 1; }
        ((SECONDS < deadline)) || { echo "node not ready on management port $1 after ${NODE_READY_TIMEOUT_S}s" >&2; return 1; }
        sleep 0.5
    done
}

# Each start_BROKER LABEL LOG appends the processes it started to BROKER_PIDS and sets BROKER_PORT (where
# publishers connect) and SUBSCRIBER_PORT (where subscribers connect: the same port but for a cluster).
# They fail (return 1) when the broker did not come up; run_case then stops what did start.

launch_petrel() { # launch_petrel LABEL LOG MQTT_PORT MANAGEMENT_PORT [NAME=VALUE ...]: one node, environment added
    local label=$1 log=$2 port=$3 management_port=$4
    shift 4
    local -a case_args
    read -r -a case_args <<<"${PETREL_CASE_ARGS[$label]:-}"
    # The WebSocket listener is on by default, on 0.0.0.0:8083: off, since the generator speaks plain TCP,
    # and two nodes on one machine could not both bind it.
    "${BROKER_CPUS[@]}" env "$@" java "${PETREL_JVM_OPTS[@]}" -jar "$OUT/petrel.jar" \
        --mqtt.listeners.tcp.port="$port" --mqtt.listeners.tcp.host=127.0.0.1 --mqtt.listeners.ws.enabled=false \
        --management.server.port="$management_port" --server.address=127.0.0.1 "${case_args[@]}" \
        >"$log" 2>&1 </dev/null &
    BROKER_PIDS+=("$!")
}

start_petrel() {
    local management_port
    read -r BROKER_PORT management_port < <(free_ports 2)
    SUBSCRIBER_PORT=$BROKER_PORT
    launch_petrel "$1" "$2" "$BROKER_PORT" "$management_port"
    await_port "$BROKER_PORT" "${BROKER_PIDS[-1]}" || return 1
}

# Redis (no persistence) and two Petrel nodes on it: publishers go to node A, subscribers to node B. Logs:
# LOG for Redis, LOG with -a / -b before .log for the nodes.
start_cluster() {
    local redis_port management_a management_b
    read -r redis_port BROKER_PORT management_a SUBSCRIBER_PORT management_b < <(free_ports 5)
    "${BROKER_CPUS[@]}" "$REDIS_SERVER" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$OUT" >"$2" 2>&1 </dev/null &
    BROKER_PIDS+=("$!")
    await_port "$redis_port" "${BROKER_PIDS[-1]}" || return 1
    local -a cluster_env=(MQTT_CLUSTER_ENABLED=true REDIS_HOST=127.0.0.1 REDIS_PORT="$redis_port")
    launch_petrel "$1" "${2%.log}-a.log" "$BROKER_PORT" "$management_a" "${cluster_env[@]}" MQTT_CLUSTER_NODE_ID=bench-a
    local node_a=${BROKER_PIDS[-1]}
    launch_petrel "$1" "${2%.log}-b.log" "$SUBSCRIBER_PORT" "$management_b" "${cluster_env[@]}" MQTT_CLUSTER_NODE_ID=bench-b
    await_ready "$management_a" "$node_a" || return 1
    await_ready "$management_b" "${BROKER_PIDS[-1]}" || return 1
}

start_mosquitto() {
    read -r BROKER_PORT < <(free_ports 1)
    SUBSCRIBER_PORT=$BROKER_PORT
    local config=$OUT/mosquitto-$BROKER_PORT.conf
    # set_tcp_nodelay: Petrel sets TCP_NODELAY too; without it Nagle's algorithm, not the broker, sets the latency.
    cat >"$config" <<EOF
listener $BROKER_PORT 127.0.0.1
allow_anonymous true
max_connections -1
persistence false
set_tcp_nodelay true
${MOSQUITTO_CASE_CONF[$1]:-}
EOF
    chmod 644 "$config"
    "${BROKER_CPUS[@]}" "$MOSQUITTO" -c "$config" >"$2" 2>&1 </dev/null &
    BROKER_PIDS+=("$!")
    await_port "$BROKER_PORT" "${BROKER_PIDS[-1]}" || return 1
}

run_case() { # run_case LABEL BROKER REP
    local label=$1 broker=$2 rep=$3 log=$OUT/$2-$1-$3.log timeout=180
    if ! "start_$broker" "$label" "$log"; then
        echo "  $label @ $broker (run $rep): the broker did not start; see ${log%.log}*.log"
        stop_brokers
        return 0
    fi
    local -a args timing=("${TIMING[@]}")
    read -r -a args <<<"${CASES[$label]}"
    [[ $label == rate-* ]] && timing=("${SLOW_WARMUP_TIMING[@]}")
    local -a generator_jvm=("${GENERATOR_JVM_OPTS[@]}")
    [[ $label == conn ]] && generator_jvm+=("${CONN_GENERATOR_JVM_OPTS[@]}")
    # Every process of the broker is measured as one: a cluster's CPU is both nodes' and Redis's.
    local broker_pids
    broker_pids=$(IFS=,; echo "${BROKER_PIDS[*]}")
    "${GENERATOR_CPUS[@]}" java "${generator_jvm[@]}" -jar "$GENERATOR_JAR" "${args[@]}" "${timing[@]}" \
        --port="$BROKER_PORT" --sub-port="$SUBSCRIBER_PORT" --broker-pid="$broker_pids" --broker-name="$broker" \
        --label="$label" --timeout="${timeout}s" >"$OUT/last-run.out" 2>"$OUT/last-run.err" </dev/null &
    GENERATOR_PID=$!
    local status=0
    wait "$GENERATOR_PID" || status=$?
    GENERATOR_PID=""
    stop_brokers
    if ((status != 0)); then
        echo "  $label @ $broker (run $rep): generator failed with exit code $status:"
        sed 's/^/    /' "$OUT/last-run.err" | tail -20
        return 0
    fi
    grep '^{' "$OUT/last-run.out" >>"$OUT/results.jsonl"
    grep '^#' "$OUT/last-run.out" | sed "s/^# /  [$rep] /"
}

# ------------------------------------------------------------------------------------------- runs
section "Runs ($MODE)"
for ((rep = 1; rep <= REPS; rep++)); do
    for label in "${ORDER[@]}"; do
        for broker in "${BROKERS[@]}"; do
            run_case "$label" "$broker" "$rep"
        done
    done
done

section "Medians over $REPS run(s), $MODE mode"
echo "load after the runs: $(cat /proc/loadavg)"
if [[ -s $OUT/results.jsonl ]]; then
    python3 "$BENCH_DIR/summarize.py" "$OUT/results.jsonl" "$MODE" "${BROKERS[@]}" | tee "$OUT/summary.md"
else
    echo "no results (every run failed)"
    exit 1
fi
echo
echo "results: $OUT/results.jsonl, summary: $OUT/summary.md"
