# Shared by start.sh and test.sh: create .venv and install pinned requirements when they change.
ensure_venv() {
    local requirements="$1"
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    local stamp=".venv/.installed-$(basename "$requirements")"
    local digest
    digest=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet -r "$requirements"
        echo "$digest" > "$stamp"
    fi
}
