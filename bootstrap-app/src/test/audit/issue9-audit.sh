#!/usr/bin/env bash
# Issue 9, tried as a user would: every bad-input case of the issue against the built distribution
# (bootstrap-app/target/dist). Each case is a command, an expected exit code and the text the user must see;
# configuration errors must also show no stack trace and leave no results folder and no temporary folder.
# Prints one line per case (PASS/FAIL) and the number of failures; exits 1 if any failed.
#   bootstrap-app/src/test/audit/issue9-audit.sh [DIST]      (DIST defaults to bootstrap-app/target/dist)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="${1:-$here/../../../target/dist}"
bin="$(cd "$dist" && pwd)/bin/bootstrap"
[ -x "$bin" ] || { echo "no distribution at $dist (build it: mvn -pl bootstrap-app -am package -DskipTests)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tmp"
export JAVA_OPTS="-Djava.io.tmpdir=$work/tmp -Xmx512m"
export OMP_NUM_THREADS=1
out="$work/results"
fails=0
# A small experiment: 2 runs of a tiny MLP on synthetic images, a few seconds.
small=(-Dexperiment.output-dir="$out" -Dexperiment.cache-dir="$work/cache" -Dtraining.steps=20 -Devaluation.points=3
       "-Darchitectures=[{type=mlp, hidden=[8]}]" "-Ddata.train-sizes=[50]" -Ddata.test-size=50)

# conf NAME TEXT: writes $work/NAME.conf with the small experiment's output folder first
conf() {
  printf 'experiment.output-dir = "%s"\n%s' "$out" "$2" > "$work/$1.conf"
  echo "$work/$1.conf"
}

# check ID EXIT EXPECTED-TEXT -- COMMAND...: runs the command line, checks exit code and text (a fixed string)
check() {
  local id="$1" want="$2" text="$3"; shift 4
  rm -rf "$out"
  local log="$work/log" code
  "$bin" "$@" > "$log" 2>&1; code=$?
  local why=""
  [ "$code" = "$want" ] || why="exit $code, expected $want"
  grep -qF -- "$text" "$log" || why="${why:+$why; }missing: $text"
  if [ "$want" = 2 ]; then
    grep -qE $'^\tat |Exception' "$log" && why="${why:+$why; }stack trace or exception name"
    [ -e "$out" ] && why="${why:+$why; }the results folder was created"
  fi
  [ -n "$(ls -A "$work/tmp" | grep '^bootstrap-')" ] && why="${why:+$why; }temporary folder left: $(ls "$work/tmp")"
  if [ -z "$why" ]; then
    echo "PASS $id"
  else
    echo "FAIL $id: $why"; sed 's/^/    | /' "$log" | grep -v ' INFO ' | head -8
    fails=$((fails + 1))
  fi
  rm -rf "$work/tmp"/bootstrap-*
}

c() { conf "$@"; }

# --- configuration: exit 2 before training, key and the user's file:line ------------------------------------
f=$(c cache 'experiment.cache-dir = ${HOME}"/.cache/deep-bootstrap"
'); check cache-dir-documented 0 "OK: default" -- validate "$f"
f=$(c lr 'training.optimizer { type = sgd, lr = 0.1 }
'); check optimizer-lr 2 "$f:2: training.optimizer.lr: unknown key for optimizer type sgd" -- validate "$f"
f=$(c lr2 'training.optimizer { learning_rate = 0.1 }
'); check optimizer-learning_rate 2 "$f:2: training.optimizer.learning_rate: unknown key for optimizer type sgd" -- validate "$f"
f=$(c b3 'training.optimizer { type = adam, beta3 = 0.5 }
'); check optimizer-adam-beta3 2 "$f:2: training.optimizer.beta3: unknown key for optimizer type adam" -- validate "$f"
f=$(c b1 'training.optimizer { type = sgd, beta1 = 0.5 }
'); check optimizer-sgd-beta1 2 "$f:2: training.optimizer.beta1: unknown key for optimizer type sgd" -- validate "$f"
f=$(c warm 'training.schedule { type = cosine, warmup = 10 }
'); check schedule-warmup 2 "$f:2: training.schedule.warmup: unknown key for schedule type cosine" -- validate "$f"
f=$(c gam 'training.schedule { type = cosine, gamma = 0.5 }
'); check schedule-cosine-gamma 2 "$f:2: training.schedule.gamma: unknown key for schedule type cosine" -- validate "$f"
f=$(c dup 'architectures = [
  { type = mlp, name = x }
  { type = mlp, name = x }
  { type = mlp, name = x-2 }
]
'); check duplicate-run-names 2 "$f:5: architectures[2]: its label 'x-2' is already the label of architectures[1]" -- validate "$f"
f=$(c dupaug 'training.augmentations = [ [ { type = cutout } ], [ { type = cutout, size = 4 } ] ]
'); check duplicate-augmentation-labels 2 "$f:2: training.augmentations: alternatives [0] and [1] are both labelled 'cutout'" -- validate "$f"
f=$(c obj 'architectures = { type = mlp }
'); check architectures-object 2 "$f:2: architectures: expected a list" -- run "$f"
check unwritable-output 2 "but /proc is not writable" -- run -Dexperiment.output-dir=/proc/deep-bootstrap -Dtraining.steps=5
echo "a file" > "$work/plain"
check output-under-file 2 "but $work/plain is a file, not a folder" -- run -Dexperiment.output-dir="$work/plain/sub" -Dtraining.steps=5
f=$(c steps 'training.steps = 50.7
'); check steps-50.7 2 "$f:2: training.steps: expected an integer, found 50.7" -- run "$f"
f=$(c inf 'training.optimizer.learning-rate = Infinity
'); check learning-rate-Infinity 2 "$f:2: training.optimizer.learning-rate: expected a number" -- run "$f"
f=$(c e400 'training.optimizer.learning-rate = 1e400
'); check learning-rate-1e400 2 "$f:2: training.optimizer.learning-rate: expected a finite number" -- run "$f"
: > "$work/empty.conf"; check empty-file 2 "$work/empty.conf: the configuration file is empty" -- run "$work/empty.conf"
printf '# only a comment\n\n' > "$work/comments.conf"; check comments-only-file 2 "$work/comments.conf: the configuration file is empty" -- run "$work/comments.conf"
f=$(c vit 'architectures = [
  { type = vit, patch-size = 5 }
]
'); check component-error-users-line 2 "$f:3: architectures[0].patch-size: expected a patch size" -- validate "$f"
f=$(c hid 'architectures = [
  { type = mlp, hidden = "wide" }
]
'); check component-type-error-users-line 2 "$f:3: architectures[0].hidden: expected a list" -- validate "$f"
f=$(c dkey 'data {
  type = synthetic-images
  dirr = /tmp
}
'); check unknown-data-key-lists-all 2 "$f:4: data.dirr: unknown key; expected one of: channels, class-subset, classes, image-size, max-rotation, min-contrast, noise, scale-max, scale-min, test-size, train-sizes, type" -- validate "$f"
f=$(c inc 'include required("parts/optimizer.conf")
'); check include-required-missing 2 "include required(\"parts/optimizer.conf\"): not found: $work/parts/optimizer.conf" -- validate "$f"
check config-is-directory 2 "$work: is a directory; expected a HOCON experiment file" -- validate "$work"
check config-missing 2 "$work/nope.conf: configuration file not found" -- validate "$work/nope.conf"

# --- unknown keys in every block ------------------------------------------------------------------------------
for block in experiment training evaluation pretraining execution; do
  f=$(c "u-$block" "$block.no-such-key = 1
"); check "unknown-key-$block" 2 "$f:2: $block.no-such-key: unknown key" -- validate "$f"
done
f=$(c u-top 'no-such-section = 1
'); check unknown-key-top-level 2 "$f:2: no-such-section" -- validate "$f"
f=$(c u-arch 'architectures = [ { type = mlp, widht = 3 } ]
'); check unknown-key-architecture 2 "$f:2: architectures[0].widht: unknown key" -- validate "$f"
f=$(c u-aug 'training.augmentations = [ { type = cutout, sizee = 3 } ]
'); check unknown-key-augmentation 2 "$f:2: training.augmentations[0].sizee: unknown key" -- validate "$f"
f=$(c u-pre 'pretraining { steps = 10, data = { type = synthetic-images, noize = 1 } }
'); check unknown-key-pretraining-data 2 "$f:2: pretraining.data.noize: unknown key" -- validate "$f"
f=$(c u-test 'evaluation.test-data = { type = synthetic-images, noize = 1 }
'); check unknown-key-test-data 2 "$f:2: evaluation.test-data.noize: unknown key" -- validate "$f"
f=$(c u-fit 'data = { type = fitted, source = { type = synthetic-images }, model = { type = pca-gmm, pca-dim = 3 } }
'); check unknown-key-generative-model 2 "$f:2: data.model.pca-dim: unknown key" -- validate "$f"
f=$(c u-fitsrc 'data = { type = fitted, source = { type = synthetic-images, noize = 1 } }
'); check unknown-key-fitted-source 2 "$f:2: data.source.noize: unknown key" -- validate "$f"
f=$(c u-lst 'experiment.listeners = [ { type = mlflow, tracking-url = "http://x" } ]
'); check unknown-key-listener 2 "$f:2: experiment.listeners[0].tracking-url: unknown key" -- validate "$f"

# --- integers are integers, numbers finite, everywhere -----------------------------------------------------------
while IFS='|' read -r id line key; do
  f=$(c "$id" "$line
"); check "$id" 2 "$f:2: $key" -- validate "$f"
done <<'CASES'
int-test-size|data.test-size = 100.5|data.test-size: expected an integer
int-train-sizes|data.train-sizes = [100.5]|data.train-sizes
int-batch-size|training.batch-size = 64.5|training.batch-size: expected an integer
int-points|evaluation.points = 3.5|evaluation.points: expected an integer
int-seeds|experiment.seeds = 1.5|experiment.seeds: expected an integer
int-hidden|architectures = [ { type = mlp, hidden = [16.5] } ]|architectures[0].hidden
int-cutout-size|training.augmentations = [ { type = cutout, size = 3.5 } ]|training.augmentations[0].size
int-image-size|data { type = synthetic-images, image-size = 16.5 }|data.image-size
inf-label-noise|training.label-noise = Infinity|training.label-noise
inf-weight-decay|training.optimizer.weight-decay = 1e400|training.optimizer.weight-decay: expected a finite number
inf-noise-std|training.augmentations = [ { type = gaussian-noise, std = 1e999 } ]|training.augmentations[0].std
inf-separation|data { type = gaussian-mixture, separation = 1e400 }|data.separation
CASES

# --- paths: nothing outside the results folder ----------------------------------------------------------------------
for bad in '..' '.' 'a/b'; do
  check "experiment.name=$bad" 2 "experiment.name: expected 1 to 100 letters, digits" -- validate "${small[@]}" "-Dexperiment.name=$bad"
done
for bad in '/abs/x' '../../../x'; do
  check "architecture-name=$bad" 2 "architectures[0].name: expected 1 to 100 letters, digits" -- validate "${small[@]}" \
    "-Darchitectures=[{type=mlp, hidden=[8], name=\"$bad\"}]"
done

# --- data files: the file (and member/offset) named ------------------------------------------------------------------
python3 - "$work" <<'PY'
import sys, zipfile, struct, zlib, os
w = sys.argv[1]
def npy(shape, dtype, data):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (dtype, shape)
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data
X = npy("(60, 4)", "<f4", bytes(60 * 4 * 4)); Y = npy("(60,)", "<i8", struct.pack("<60q", *[i % 2 for i in range(60)]))
with zipfile.ZipFile(w + "/good.npz", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("X.npy", X); z.writestr("Y.npy", Y)
data = bytearray(open(w + "/good.npz", "rb").read())
# corrupt the compressed bytes of X.npy (after its local header: 30 + name + extra)
name_len, extra_len = struct.unpack("<HH", data[26:30])
start = 30 + name_len + extra_len
for i in range(start + 2, start + 40):
    data[i] ^= 0x5A
open(w + "/corrupt.npz", "wb").write(bytes(data))
os.makedirs(w + "/folder.npy", exist_ok=True)
open(w + "/labels.npy", "wb").write(Y)
open(w + "/truncated.npy", "wb").write(X[:200])
PY
f=$(c pool "data { type = npz, file = \"$work/good.npz\", train-sizes = [20], test-size = 20 }
training.steps = 1000
"); check pool-size-file-line 2 "lower training.steps (at $f:3)" -- validate "$f"
check npz-corrupt-deflated 2 "X.npy" -- validate "${small[@]}" "-Ddata={type=npz, file=\"$work/corrupt.npz\", train-sizes=[20], test-size=20}"
check npz-corrupt-names-file 2 "$work/corrupt.npz" -- validate "${small[@]}" "-Ddata={type=npz, file=\"$work/corrupt.npz\", train-sizes=[20], test-size=20}"
check npy-path-is-folder 2 "$work/folder.npy" -- validate "${small[@]}" "-Ddata={type=npy, features=\"$work/folder.npy\", labels=\"$work/labels.npy\", train-sizes=[20], test-size=20}"
check npy-truncated 2 "$work/truncated.npy" -- validate "${small[@]}" "-Ddata={type=npy, features=\"$work/truncated.npy\", labels=\"$work/labels.npy\", train-sizes=[20], test-size=20}"
check npy-missing 2 "$work/none.npy" -- validate "${small[@]}" "-Ddata={type=npy, features=\"$work/none.npy\", labels=\"$work/labels.npy\", train-sizes=[20], test-size=20}"

# --- plugins: a zip whose lib/*.jar is garbage is reported, temp folders go on every exit path ----------------------
mkdir -p "$work/plugins"
python3 - "$dist" "$work/plugins/garbage.zip" <<'PY'
import sys, zipfile, glob, shutil
shutil.copy(glob.glob(sys.argv[1] + "/plugins/*-plugin.zip")[0], sys.argv[2])
with zipfile.ZipFile(sys.argv[2], "a") as z:
    z.writestr("lib/broken.jar", b"nope")
PY
check zip-plugin-garbage-lib-jar 1 "bundled library lib/broken.jar is not a readable jar" -- plugins --plugins "$work/plugins"
check temp-folders-after-config-error 2 "unknown key" -- validate "${small[@]}" -Dtraining.nope=1

# --- the small experiment itself runs (the checks above are not vacuous) ----------------------------------------------
check small-experiment-runs 0 "results: $out" -- run --no-progress "${small[@]}"

echo "$fails failure(s)"
[ "$fails" = 0 ]
