#!/usr/bin/env sh
# Print the path of a Python >= 3.12 (Mesa 3.5 needs it), or explain and exit 1.
# Order: $PYTHON, python3.12, pyenv's 3.12+ versions (oldest first), python3.13/3.14/python3.
set -u
ok() {  # ok CANDIDATE -> prints the real executable if it runs and is >= 3.12
    "$1" -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null
}
tried=""
try() {  # try CANDIDATE: print and exit on success
    tried="$tried $1"
    if p=$(ok "$1"); then echo "$p"; exit 0; fi
}
[ -n "${PYTHON:-}" ] && try "$PYTHON"
try python3.12
if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$' | sort -t. -k2,2n -k3,3nr); do
        try "$root/versions/$v/bin/python"
    done
fi
for c in python3.13 python3.14 python3; do try "$c"; done
for c in /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] /opt/homebrew/bin/python3.1[2-9]; do
    [ -x "$c" ] && try "$c"
done
cat >&2 <<MSG
tremplin: no Python >= 3.12 found (Mesa 3.5 requires it).
  tried:$tried
  install one, e.g. 'pyenv install 3.12', 'apt-get install python3.12' or 'brew install python@3.12',
  or point to it with: make run PYTHON=/path/to/python3.12
MSG
exit 1
