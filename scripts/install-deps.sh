#!/usr/bin/env bash
# Install spincom's build and test dependencies from Debian packages.
# Idempotent: when every package is already installed it does nothing (no apt-get update).
# Non-interactive; run as root (or through sudo when it is available).
set -euo pipefail

packages=(
  build-essential cmake
  libeigen3-dev          # Eigen 3.4: dense linear algebra
  libboost-dev           # Boost 1.74: Odeint, Random, Math (header-only)
  libcli11-dev           # CLI11 2.1: command line
  libtomlplusplus-dev    # toml++ 3.3: config files and presets
  nlohmann-json3-dev     # JSON output
  catch2                 # Catch2 2.13: tests
  libbenchmark-dev       # Google Benchmark: bench/
  libopenmpi-dev openmpi-bin   # Open MPI: simulate/validate across processes (mpirun)
  libhdf5-dev                  # HDF5 (serial, C API): trajectory datasets
  libhwy-dev                   # Google Highway 1.0: one source for the AVX-512/AVX2/generic lane kernels (decision 44)
  python3-numpy python3-scipy   # independent reference check in tests/reference
  python3-matplotlib            # plot scripts in examples/
  python3-h5py                  # the dataset reader in examples/ and the dataset tests
)

missing=()
for p in "${packages[@]}"; do
  # "install ok installed" is the only status that counts as present
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present, nothing to do" >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: not root and no sudo; install them as root and rerun" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
