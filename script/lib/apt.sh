# shellcheck shell=bash
# Installs a tool the scripts need from Debian's packages when it is missing.
# Source this file; it defines functions only and sets no shell options.
#
#   apt_ensure COMMAND [PACKAGE]   install PACKAGE (default COMMAND) unless COMMAND is on the PATH;
#                                  as root, or through passwordless sudo
apt_ensure() {
  local cmd=$1 pkg=${2:-$1}
  command -v "$cmd" >/dev/null 2>&1 && return 0
  local root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      root=(sudo -n)
    else
      printf '[apt] %s is missing; installing Debian'\''s %s needs root\n' "$cmd" "$pkg" >&2
      return 1
    fi
  fi
  printf '[apt] %s not found; installing Debian'\''s %s\n' "$cmd" "$pkg" >&2
  "${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    "${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null &&
    command -v "$cmd" >/dev/null 2>&1
}
