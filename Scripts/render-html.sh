#!/usr/bin/env bash
# Renders the learning log's HTML export to a PNG with headless Chromium, to check how the page
# looks. Builds crosswalk, fills a throw-away log with sample entries, exports it, screenshots it.
#
# usage: Scripts/render-html.sh [OUTPUT.png]   (default: $TMPDIR/crosswalk-log-export.png)
#        RENDER_SIZE=1000,1200 sets the window (width,height) captured.
# needs: chromium (Debian: apt-get install -y chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-${TMPDIR:-/tmp}/crosswalk-log-export.png}")"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "render-html: chromium not found (Debian: apt-get install -y chromium)" >&2
  exit 1
fi

swift build -q
crosswalk="$(swift build --show-bin-path)/crosswalk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" NO_COLOR=1
unset CROSSWALK_DB CROSSWALK_LOG

cw() { "$crosswalk" "$@" >/dev/null; }

cw log config name "Alex Morgan"
cw log add --title "Supervision: a difficult conversation with a family" --date 2025-01-14 --hours 1.5 \
  "In supervision I reflected on a conversation with a family who were unhappy about changes to their mother's care plan. My manager gave me feedback on how I listened and explained the reasons, and we agreed I would check in with them weekly. I learned to slow down, acknowledge feelings first and keep the person at the centre of the decision."
cw log add --title "Adult support and protection refresher" --date 2025-02-03 --hours 3 --element protection \
  "Online course on recognising signs of harm, my duty to report, and how to record concerns. I updated my notes on the local procedure and shared the flowchart with the team at our huddle."
cw log add --title "Leading the team huddle on person-centred planning" --date 2025-02-20 --hours 1 \
  "I led the morning huddle for the first time. I asked each colleague to share one thing a person they support wants to achieve this month, and we agreed small changes to routines so people have more choice and control over their day. Two colleagues said they felt listened to."
cw log add --title "Testing a new way to share handover notes" --date 2025-03-06 --hours 2 \
  "I suggested a short trial of a new handover sheet after missed messages between shifts. We tried it for two weeks, asked staff what worked, and changed it twice. Fewer messages were missed and people using the service noticed fewer repeated questions."
cw log add --title "Working with the district nurse and social worker" --date 2025-03-18 --hours 1 \
  "A review meeting with the district nurse, the social worker and the family. I brought what the person had told me about what matters to them, and we agreed a shared plan. I practised influencing by preparing evidence beforehand."
for id in 1 2 3 4 5; do cw log refs "$id" --accept-all; done
cw log add --title "Thing 22: Why leadership is important" --date 2025-03-25 --hours 2 --thing 22 \
  "The national strategy asks everyone to see themselves as a leader. In my service that could mean each of us leading one small improvement a year."  2>/dev/null

html="$work/log.html"
"$crosswalk" log export --format html --out "$html" 2>/dev/null
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size=${RENDER_SIZE:-1000,3000} --screenshot="$out" "file://$html" >/dev/null 2>&1
echo "render-html: wrote $out"
