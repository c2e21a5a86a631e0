#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up and runs the demo: the Brunel (2000) balanced network on
# the default backend; prints rates and writes brunel_delta_raster.png.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
python examples/brunel_delta.py "$@"
