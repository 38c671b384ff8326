#!/usr/bin/env bash
# The package against each TensorFlow minor version: for each, its own virtual environment under
# a scratch folder (pip's cache is shared, so a second run downloads nothing), the package
# installed with that TensorFlow, the fast test tier and the runner on the legacy test scripts.
# Prints one table row per version as it goes, and the whole table at the end.
#
#   bench/tf_versions.sh                    # 2.12 ... 2.21
#   bench/tf_versions.sh 2.12 2.16 2.21     # just these
#   SCRATCH=/big/disk PYTHON=python3.12 bench/tf_versions.sh
#   TESTS=0 bench/tf_versions.sh 2.15 2.16  # install and legacy scripts only, no pytest
# Each environment is removed after its row (about 2 GB each); KEEP_VENVS=1 keeps them.
#
# The legacy-layers extra (tf-keras) must match TensorFlow's minor version; it is installed
# with TensorFlow pinned to that minor version, which is how a user keeps their TensorFlow too:
#   pip install 'tf1_mnist[legacy-layers]' "tensorflow==$(python -c 'import tensorflow as t; print(t.__version__)')"
# tf-keras exists from TensorFlow 2.14 on; before 2.16, tf.keras is Keras 2 itself.
set -u

REPO=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${SCRATCH:-${TMPDIR:-/tmp}/tf1_mnist_tf_versions}
PYTHON=${PYTHON:-python3}
TEST_TIMEOUT=${TEST_TIMEOUT:-1800}
VERSIONS=("$@")
if [ ${#VERSIONS[@]} -eq 0 ]; then
  VERSIONS=(2.12 2.13 2.14 2.15 2.16 2.17 2.18 2.19 2.20 2.21)
fi
mkdir -p "$SCRATCH"
TABLE="$SCRATCH/table.txt"
: > "$TABLE"

# Each legacy script with a short run. contrib_layers.py (tf.contrib.layers, from tf-slim and
# tf-keras) must learn where the contrib extra is installed, and otherwise stop with exit status 1
# and a line naming the extra; estimator_premade.py is tf.estimator, TensorFlow's own up to 2.15
# and the estimator extra's from 2.16 on.
run_scripts() {
  local py=$1 work=$2 ok=0 total=0 status accuracy
  local scripts=(
    "mnist_softmax.py --max_steps 300"
    "mnist_deep.py --max_steps 150"
    "fully_connected_feed.py --max_steps 300 --log_dir logs"
    "mnist_with_summaries.py --max_steps 100 --log_dir logs"
    "mnist_train.py --training_steps 300 --model_save_path model"
    "layers_cnn.py --steps 100 --batch_size 50"
    "estimator_premade.py --steps 200 --model_dir model"
  )
  for entry in "${scripts[@]}"; do
    set -- $entry
    local name=$1
    shift
    total=$((total + 1))
    rm -rf "$work" && mkdir -p "$work"
    if (cd "$work" && TMPDIR="$work" timeout 600 "$py" -m tf1_mnist.run \
          "$REPO/tests/legacy_scripts/$name" "$@" > out.txt 2> err.txt); then
      ok=$((ok + 1))
    else
      echo "    $name failed: $(tail -n 1 "$work/err.txt")" >&2
    fi
  done
  total=$((total + 1))
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && TMPDIR="$work" timeout 600 "$py" -m tf1_mnist.run \
     "$REPO/tests/legacy_scripts/contrib_layers.py" > out.txt 2> err.txt)
  status=$?
  # The extra as the runner sees it: installed, not imported (beside TensorFlow 2.12, pip's
  # tf-keras 2.15.0 does not import, and the runner does not need it there).
  if "$py" -c 'import sys; from tf1_mnist.runner.engine import table
sys.exit(not (table.installed("tf_slim") and table.installed("tf_keras")))' 2> /dev/null; then
    accuracy=$(tail -n 1 "$work/out.txt")
    if [ $status -eq 0 ] && "$py" -c "import sys; sys.exit(not float('$accuracy') >= 0.9)" 2> /dev/null; then
      ok=$((ok + 1))
    else
      echo "    contrib_layers.py: expected exit 0 and accuracy >= 0.9, got $status: $(tail -n 1 "$work/err.txt")" >&2
    fi
  elif [ $status -eq 1 ] && grep -q 'needs the contrib extra' "$work/err.txt"; then
    ok=$((ok + 1))
  else
    echo "    contrib_layers.py: expected exit 1 naming the contrib extra, got $status" >&2
  fi
  echo "$ok/$total"
}

printf '%-8s %-10s %-10s %-22s %-8s %s\n' tf installed tf-keras tests scripts seconds | tee -a "$TABLE"
for v in "${VERSIONS[@]}"; do
  started=$(date +%s)
  venv="$SCRATCH/venv-$v"
  log="$SCRATCH/log-$v.txt"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv" > "$log" 2>&1
  pip="$venv/bin/pip"
  installed=no keras=none tests=- scripts=-
  # The test extra brings tf-keras; where no tf-keras matches this TensorFlow, install the rest.
  if "$pip" install "tensorflow==$v.*" -e "$REPO[test]" >> "$log" 2>&1 \
     || "$pip" install "tensorflow==$v.*" -e "$REPO" 'pytest>=7' 'matplotlib>=3.5' >> "$log" 2>&1; then
    installed=$("$venv/bin/python" -c 'import tensorflow as t; print(t.__version__)' 2>> "$log" || echo broken)
    keras=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("tf-keras"))' 2>/dev/null || echo none)
  fi
  if [ "$installed" != no ] && [ "$installed" != broken ] && [ "${TESTS:-1}" = 0 ]; then
    tests=skipped
    scripts=$(run_scripts "$venv/bin/python" "$SCRATCH/work-$v" 2>> "$log")
  elif [ "$installed" != no ] && [ "$installed" != broken ]; then
    (cd "$REPO" && timeout "$TEST_TIMEOUT" "$venv/bin/python" -m pytest -q -rs -p no:cacheprovider \
       -m 'not slow' tests > "$SCRATCH/pytest-$v.txt" 2>&1)
    summary=$(tail -n 1 "$SCRATCH/pytest-$v.txt")
    passed=$(echo "$summary" | grep -o '[0-9]* passed' | cut -d' ' -f1)
    failed=$(echo "$summary" | grep -o '[0-9]* failed' | cut -d' ' -f1)
    errors=$(echo "$summary" | grep -o '[0-9]* error' | cut -d' ' -f1)
    skipped=$(echo "$summary" | grep -o '[0-9]* skipped' | cut -d' ' -f1)
    tests="${passed:-0}p/${failed:-0}f/${errors:-0}e/${skipped:-0}s"
    scripts=$(run_scripts "$venv/bin/python" "$SCRATCH/work-$v" 2>> "$log")
  fi
  [ -n "${KEEP_VENVS:-}" ] || rm -rf "$venv" "$SCRATCH/work-$v"
  printf '%-8s %-10s %-10s %-22s %-8s %s\n' "$v" "$installed" "$keras" "$tests" "$scripts" \
    $(( $(date +%s) - started )) | tee -a "$TABLE"
done
echo
echo "tests: passed/failed/errors/skipped of pytest -m 'not slow'; scripts: legacy scripts that ran as expected"
echo "logs: $SCRATCH (log-V.txt, pytest-V.txt)"
cat "$TABLE"
