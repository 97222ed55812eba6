#!/usr/bin/env bash
# Check for the Debian packages the test suite needs and install the missing ones: with apt-get
# when run as root, otherwise print the one command to run and stop (exit 1).
# Called by `make test` (its first step) and by `.ci/run`.
#   postgresql                  the PostgreSQL lane's throw-away server (scripts/pg-temp.sh)
#   chromium                    the dashboard's browser tests (Playwright drives /usr/bin/chromium)
#   libreoffice-writer, poppler-utils, fonts-dejavu, fonts-liberation
#                               the cluster's report converted to PDF and read back
#   libzbar0                    pyzbar decodes the VietQR images
set -euo pipefail

have_postgres() {
  command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
have_zbar() {
  compgen -G "/usr/lib/*/libzbar.so.0*" >/dev/null || compgen -G "/usr/lib/libzbar.so.0*" >/dev/null
}
have_font() {  # a font file by name, wherever the distribution keeps it
  compgen -G "/usr/share/fonts/truetype/*/$1" >/dev/null \
    || compgen -G "/usr/share/fonts/*/$1" >/dev/null
}

# Each installed with the same options as before: recommends only for the server and browser.
with_recommends=()
without_recommends=()
have_postgres || with_recommends+=(postgresql)
[ -x /usr/bin/chromium ] || with_recommends+=(chromium)
command -v soffice >/dev/null 2>&1 || without_recommends+=(libreoffice-writer)
command -v pdftoppm >/dev/null 2>&1 || without_recommends+=(poppler-utils)
have_font DejaVuSans.ttf || without_recommends+=(fonts-dejavu)
have_font LiberationSerif-Regular.ttf || without_recommends+=(fonts-liberation)
have_zbar || without_recommends+=(libzbar0)

missing=("${with_recommends[@]}" "${without_recommends[@]}")
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  {
    echo "system-packages: the tests need Debian packages that are not installed: ${missing[*]}"
    echo "system-packages: install them with this command, then run 'make test' again:"
    echo
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    echo
  } >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: no apt-get on this machine; install the equivalents of: ${missing[*]}" >&2
  exit 1
fi

echo "system-packages: installing ${missing[*]} from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#with_recommends[@]} -gt 0 ]; then
  apt-get install -y -qq "${with_recommends[@]}" >/dev/null
fi
if [ ${#without_recommends[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${without_recommends[@]}" >/dev/null
fi
