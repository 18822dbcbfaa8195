#!/bin/sh
# Locks a PC (Debian/Ubuntu/Raspberry Pi OS) into the OIRS totem: Chromium full screen in kiosk
# mode on /kiosco, restarted if it closes. Run it from the kiosk user's session autostart.
#
#   OIRS_URL=https://oirs.example.cl ./launch-chromium-kiosk.sh
#
# The browser profile is kept between restarts (KIOSK_PROFILE): it holds the device credential,
# the cached kiosk shell and the encrypted offline queue. Do not use --incognito or wipe it.
set -eu

OIRS_URL="${OIRS_URL:-http://localhost:3000}"
KIOSK_PROFILE="${KIOSK_PROFILE:-$HOME/.config/oirs-kiosk}"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"

if [ -z "$CHROMIUM" ]; then
  echo "Chromium not found: sudo apt-get install chromium (or set CHROMIUM=/path/to/browser)" >&2
  exit 1
fi
mkdir -p "$KIOSK_PROFILE"

# No screen blanking while the kiosk runs (X11; ignored elsewhere).
if command -v xset >/dev/null 2>&1 && [ -n "${DISPLAY:-}" ]; then
  xset s off || true
  xset -dpms || true
  xset s noblank || true
fi

# First run: open the activation page (type or scan the code the admin gave you).
START="$OIRS_URL/kiosco"
if [ ! -f "$KIOSK_PROFILE/.oirs-activated" ]; then
  START="$OIRS_URL/kiosco/activar${OIRS_CODE:+?codigo=$OIRS_CODE}"
  touch "$KIOSK_PROFILE/.oirs-activated"
fi

while true; do
  "$CHROMIUM" \
    --kiosk "$START" \
    --user-data-dir="$KIOSK_PROFILE" \
    --no-first-run \
    --disable-translate \
    --disable-pinch \
    --overscroll-history-navigation=0 \
    --disable-features=TranslateUI,OverscrollHistoryNavigation \
    --noerrdialogs \
    --disable-session-crashed-bubble \
    --check-for-update-interval=31536000 \
    --autoplay-policy=no-user-gesture-required \
    || true
  START="$OIRS_URL/kiosco"
  sleep 2
done
