#!/bin/sh
# Install what netwalk needs to build, test and run its demo on Debian 12.
# (macOS: brew install autoconf automake pkg-config libnet libpcap)
set -eu
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (sudo sh scripts/deps.sh)" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake pkg-config \
	libnet1-dev libpcap-dev \
	clang libclang-rt-dev \
	iproute2 nftables libcap2-bin util-linux procps \
	arping arp-scan tcpdump mandoc python3 shellcheck \
	nsd unbound nginx-light bind9-dnsutils curl iputils-ping traceroute \
	tshark \
	>/dev/null
echo "deps.sh: build and test dependencies installed"
