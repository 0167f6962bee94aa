/* cli_args.c: option arguments parsed strictly, or the tool ends with a usage error. */
#include "config.h"

#include <sys/socket.h>

#include "base/addr.h"
#include "cli/cli.h"
#include "base/num.h"
#include "base/timeutil.h"

uint64_t nw_arg_uint(const char *what, const char *s, uint64_t min, uint64_t max)
{
	uint64_t v;
	const char *why;
	if (nw_parse_uint(s, min, max, &v, &why) != 0)
		nw_invalid(what, s, why);
	return v;
}

int64_t nw_arg_duration(const char *what, const char *s, int64_t min_ns, int64_t max_ns)
{
	int64_t ns;
	const char *why;
	if (nw_parse_duration(s, NW_NS_PER_S, min_ns, max_ns, &ns, &why) != 0)
		nw_invalid(what, s, why);
	return ns;
}

uint16_t nw_arg_port(const char *what, const char *s, uint16_t min_port)
{
	uint16_t port;
	const char *why;
	if (nw_parse_port(s, min_port, &port, &why) != 0)
		nw_invalid(what, s, why);
	return port;
}

void nw_arg_mac(const char *what, const char *s, uint8_t mac[6])
{
	const char *why;
	if (nw_mac_parse(s, mac, &why) != 0)
		nw_invalid(what, s, why);
}

void nw_arg_family(int *family, int id)
{
	int want = id == '6' ? AF_INET6 : AF_INET;

	if (*family && *family != want)
		nw_usage_error("-4 and -6 exclude one another");
	*family = want;
}
