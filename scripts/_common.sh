# Shared by scripts/start and scripts/test (sourced, not run).
# Finds the newest Python 3.11–3.13, creates .venv when missing and installs the project into it,
# re-installing only when pyproject.toml (or the wanted extras) changed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The newest Python the project supports (pyproject.toml: >=3.11,<3.14), or $PYTHON.
SUPPORTED_PYTHONS="3.13 3.12 3.11"

python_supported() {
    "$1" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null
}

find_python() {
    local candidate version
    if [ -n "${PYTHON:-}" ]; then
        python_supported "$PYTHON" && { echo "$PYTHON"; return 0; }
        return 1
    fi
    for version in $SUPPORTED_PYTHONS; do
        candidate="python$version"
        command -v "$candidate" >/dev/null 2>&1 || continue
        # a python3.X without the venv module (Debian: python3.X-venv) cannot make .venv
        if python_supported "$candidate" && "$candidate" -c 'import ensurepip, venv' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v python3 >/dev/null 2>&1 && python_supported python3; then
        echo python3
        return 0
    fi
    return 1
}

# ensure_venv [extras]: e.g. ensure_venv test  ->  pip install -e ".[test]"
# A stamp in .venv remembers what was installed against which pyproject.toml, so a second
# run does not call pip again.
ensure_venv() {
    local extras="${1:-}" target="." python digest
    [ -n "$extras" ] && target=".[$extras]"
    if [ ! -x "$PY" ]; then
        python="$(find_python)" || die "Python 3.11, 3.12 or 3.13 with venv is needed (Debian: apt-get install python3 python3-venv; or set PYTHON=/path/to/python3.X)."
        say "Creating .venv with $python"
        "$python" -m venv "$VENV" || die "$python cannot create .venv (Debian: apt-get install python3-venv, or python${python#python}-venv)."
    fi
    digest="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    # The test extras include the plain install, so either stamp satisfies ".".
    if grep -qxF "$digest $target" "$VENV/.libreport-installed" 2>/dev/null || \
       { [ "$target" = "." ] && grep -q "^$digest " "$VENV/.libreport-installed" 2>/dev/null; }; then
        return 0
    fi
    say "Installing the project into .venv (pip install -e \"$target\")"
    "$PY" -m pip install --quiet --disable-pip-version-check -e "$target"
    { grep "^$digest " "$VENV/.libreport-installed" 2>/dev/null || true
      echo "$digest $target"; } | sort -u > "$VENV/.libreport-installed.new"
    mv "$VENV/.libreport-installed.new" "$VENV/.libreport-installed"
}

# Compile the .po files whose .mo is missing or older. The .mo files are committed, so on a
# fresh clone this normally does nothing; without gettext (msgfmt) a stale .mo is kept.
compile_messages_if_needed() {
    local po mo needed=0
    while IFS= read -r po; do
        mo="${po%.po}.mo"
        if [ ! -f "$mo" ]; then
            needed=1
        elif [ "$po" -nt "$mo" ] && command -v msgfmt >/dev/null 2>&1; then
            needed=1
        fi
    done < <(find . -path ./.venv -prune -o -path '*/locale/*/LC_MESSAGES/*.po' -print)
    if [ "$needed" = 1 ]; then
        if command -v msgfmt >/dev/null 2>&1; then
            say "Compiling translations"
            DEBUG="${DEBUG:-true}" "$PY" manage.py compilemessages --ignore=.venv -v 0
        else
            warn "some .mo files are missing and gettext (msgfmt) is not installed: apt-get install gettext"
        fi
    fi
}
