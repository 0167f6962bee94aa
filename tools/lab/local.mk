# nw-lab: a small internet in network namespaces, a shell program (included
# by Makefile.am; paths from the top directory).  It is built from its .in
# with the data directory and the version substituted; its library files and
# templates go to $(pkgdatadir)/lab.  It needs no capability (run as root).
bin_SCRIPTS += nw-lab
labdir = $(pkgdatadir)/lab
dist_lab_DATA = tools/lab/netns-lib.sh tools/lab/lab-plan.sh tools/lab/lab-net.sh \
	tools/lab/lab-servers.sh tools/lab/lab-report.sh
labtemplatesdir = $(labdir)/templates
dist_labtemplates_DATA = tools/lab/templates/root.zone tools/lab/templates/com.zone \
	tools/lab/templates/google.com.zone tools/lab/templates/root.hints \
	tools/lab/templates/nsd.conf tools/lab/templates/unbound.conf \
	tools/lab/templates/nginx.conf tools/lab/templates/index.html \
	tools/lab/templates/guard.nft
nw-lab: $(top_srcdir)/tools/lab/nw-lab.in Makefile
	$(AM_V_GEN)sed -e 's|@labdir[@]|$(labdir)|g' \
	  -e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
	  -e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g' \
	  $(top_srcdir)/tools/lab/nw-lab.in >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@
CLEANFILES += nw-lab nw-lab.tmp
# nw-lab run from its build tree takes its data from tools/lab next to
# itself: an out-of-tree build copies the data there (again when a file
# changed), and make clean removes the copies.
NW_LAB_FILES = $(dist_lab_DATA) $(dist_labtemplates_DATA)
all-local: nw-lab-data
nw-lab-data:
	@if test "`cd $(srcdir) && pwd -P`" != "`pwd -P`"; then \
	  for f in $(NW_LAB_FILES); do \
	    cmp -s "$(srcdir)/$$f" "$$f" 2>/dev/null || \
	      { $(MKDIR_P) "`dirname $$f`" && cp "$(srcdir)/$$f" "$$f"; } || exit 1; \
	  done; \
	fi
clean-local: nw-lab-data-clean
nw-lab-data-clean:
	@if test "`cd $(srcdir) && pwd -P`" != "`pwd -P`"; then rm -f $(NW_LAB_FILES); fi
.PHONY: nw-lab-data nw-lab-data-clean
EXTRA_DIST += tools/lab/nw-lab.in
dist_man1_MANS += man/nw-lab.1
dist_bashcomp_DATA += completions/bash/nw-lab
dist_zshcomp_DATA += completions/zsh/_nw-lab
dist_fishcomp_DATA += completions/fish/nw-lab.fish
NW_SCRIPT_TESTS += tests/live/lab_cli.sh tests/live/lab_updown.sh tests/live/lab_walk.sh \
	tests/live/lab_demo.sh
EXTRA_DIST += tests/lib/lab.sh
# nw-lab-delay: one link's delay and loss (an NFQUEUE delay line; Linux
# only, the lab's alone, so it goes to pkglibexecdir where nw-lab finds it;
# make check finds it in the build directory).
if NW_LINUX
pkglibexec_PROGRAMS = nw-lab-delay
nw_lab_delay_SOURCES = tools/lab/lab_delay.c
nw_lab_delay_LDADD = $(NW_LIBS)
endif
NW_SCRIPT_TESTS += tests/live/lab_delay.sh
