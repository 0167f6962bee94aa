# shellcheck shell=bash
# arping.sh: nw-arping's documented JSON vocabulary (docs/arping.md), in one
# place for every live test: the object types, and the keys every summary has.
# shellcheck disable=SC2034 # used by the tests that source this file
TYPES=only=start,reply,timeout,foreign,conflict,in_use,sent,host,summary
# shellcheck disable=SC2034
SUMMARY=target,sent,received,loss_pct,elapsed_ms,rtt_ms,clock,conflict,exit
