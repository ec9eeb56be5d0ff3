#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we are root; else say what to install.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Instalando Chromium (paquete de Debian) para las pruebas de navegador..."
  (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }) \
    || { echo "No se pudo instalar chromium con apt-get"; exit 1; }
else
  echo "Faltan /usr/bin/chromium: instálelo (Debian: sudo apt-get install chromium) y repita 'make test'"
  exit 1
fi
