#!/usr/bin/env bash
# Банк практик: установка и запуск одной командой.
#   ./run.sh serve   — установить всё нужное, проверить записи, собрать и открыть сайт
#   ./run.sh build   — установить всё нужное и собрать сайт в папку site/
#   ./run.sh test    — установить всё нужное (включая Chromium) и прогнать все тесты
# Нужны только Python 3.11+ и apt (Debian/Ubuntu). Всё ставится в .venv/ рядом.
set -euo pipefail
cd "$(dirname "$0")"

ACTION="${1:-serve}"
shift || true
VENV=.venv

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Нужны права администратора для: $*" >&2; return 1; fi
}

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Не хватает системных пакетов: ${missing[*]} (apt-get не найден — установите их вручную)" >&2
    return 1
  fi
  say "Устанавливаю системные пакеты: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Нужен Python 3.11 или новее" >&2; return 1
}

setup_python() {
  local py; py="$(find_python)"
  if [ ! -x "$VENV/bin/python" ]; then
    say "Создаю виртуальное окружение $VENV"
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      local ver; ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      apt_install "python${ver}-venv" || apt_install python3-venv
      "$py" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)"
  if [ ! -e "$stamp" ]; then
    say "Устанавливаю зависимости Python (pyproject.toml)"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    rm -f "$VENV"/.installed-*; touch "$stamp"
  fi
}

setup_system() {
  # WeasyPrint (PDF) needs Pango; fonts with full Cyrillic for booklets.
  apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-paratype
}

setup_browser() {
  # Browser tests: Debian's Chromium driven by Playwright; poppler-utils for PDF pictures.
  apt_install chromium poppler-utils
}

case "$ACTION" in
  serve)
    setup_system; setup_python
    "$VENV/bin/practice-bank" validate
    say "Сайт: http://127.0.0.1:8000/ (Ctrl+C — остановить)"
    # --livereload is explicit: with Click > 8.2.1 MkDocs 1.6 otherwise starts without it
    NO_MKDOCS_2_WARNING=1 exec "$VENV/bin/mkdocs" serve --livereload -a "${BANK_ADDR:-127.0.0.1:8000}" "$@"
    ;;
  build)
    setup_system; setup_python
    exec "$VENV/bin/practice-bank" build "$@"
    ;;
  test)
    setup_system; setup_browser; setup_python
    set +e
    # both cores by default (pytest-xdist), a test file per worker so its fixtures are built once;
    # «./run.sh test -n 0 …» runs in one process
    "$VENV/bin/python" -m pytest -n auto --dist loadfile "$@"
    code=$?
    [ "$code" = 5 ] && { echo "Тесты не найдены" >&2; exit 1; }
    exit "$code"
    ;;
  setup)
    setup_system; setup_browser; setup_python
    ;;
  *)
    echo "Использование: ./run.sh serve|build|test|setup" >&2; exit 2
    ;;
esac
