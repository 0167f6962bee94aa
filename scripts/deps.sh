#!/bin/sh
# Install what netwalk needs to build, test and run its demo on Debian 12.
# (macOS: brew install autoconf automake pkg-config libnet libpcap)
set -eu
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: run as root (sudo sh scripts/deps.sh)" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
# The lab runs these servers inside its own namespaces only.  Debian starts
# them on the host when they are first installed: stop and disable the ones
# this script installs, and leave alone any the machine already had.
lab_services="nsd unbound nginx"
new_services=""
for s in $lab_services; do
	pkg=$s
	[ "$s" = nginx ] && pkg=nginx-light
	dpkg -s "$pkg" >/dev/null 2>&1 || new_services="$new_services $s"
done
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake pkg-config \
	libnet1-dev libpcap-dev libidn2-dev libseccomp-dev \
	clang libclang-rt-dev \
	dpkg-dev debhelper lintian fakeroot bash-completion \
	iproute2 nftables libcap2-bin util-linux procps \
	arping arp-scan tcpdump mandoc groff-base python3 shellcheck \
	nsd unbound nginx-light bind9-dnsutils curl iputils-ping traceroute \
	tshark ethtool time dnsperf dnsmasq-base \
	iptables iputils-tracepath mtr-tiny nmap masscan zmap tcptrace \
	>/dev/null
for s in $new_services; do
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl disable --now "$s" >/dev/null 2>&1 || true
	fi
done
echo "deps.sh: build and test dependencies installed"
