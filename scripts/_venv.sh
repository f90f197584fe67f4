# Sourced by scripts/run and scripts/test: make and use the project's own virtual environment.
# Debian's /usr/bin/python3 refuses `pip install` outside one (externally-managed-environment),
# and its venv module comes in a separate package (python3-venv), installed here when missing.
VENV="${THB_VENV:-.venv}"
EXTRAS="${1:-}"

_apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x "$VENV/bin/python" ]; then
    echo "Making the virtual environment $VENV..." >&2
    if ! python3 -m venv "$VENV" 2>/dev/null; then
        rm -rf "$VENV"
        echo "python3 cannot make a virtual environment: installing Debian's python3-venv..." >&2
        _apt_install python3-venv
        python3 -m venv "$VENV"
    fi
fi

# install again only when the project's requirements changed
stamp="$VENV/.thb-installed${EXTRAS:+-$EXTRAS}"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "Installing the project and its dependencies into $VENV..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}"
    echo "$wanted" > "$stamp"
fi
PY="$VENV/bin/python"
