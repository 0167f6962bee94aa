/* scan_targets.h: the target set and the port set of nw-scan's command line. */
#ifndef NW_SCAN_TARGETS_H
#define NW_SCAN_TARGETS_H

#include "base/addrset.h"
#include "base/portset.h"
#include "scan_config.h"

/*
 * The targets (operands, -iL), host names resolved (every address, of -4/-6's
 * family), exclusions subtracted; the ports (-p, or the default set).  A bad
 * spec, a name that does not resolve or an empty result ends the tool (exit 2).
 */
struct nw_addrset *scan_targets(const struct scan_config *cfg);
struct nw_portset *scan_ports(const struct scan_config *cfg);

#endif
