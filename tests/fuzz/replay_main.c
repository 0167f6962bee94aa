/*
 * replay_main.c: the main() of the fuzz targets when they are not built with
 * libFuzzer.  Each argument is an input file or a directory of them (walked
 * recursively); each file is run once through LLVMFuzzerTestOneInput().
 * Arguments starting with '-' are libFuzzer options and are ignored, so the
 * same command line suits both builds.  Exit 0 unless an input could not be
 * read (a crash ends the program by itself).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static unsigned long runs;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *nd = realloc(data, ncap);
			if (!nd) {
				fprintf(stderr, "%s: out of memory\n", path);
				rc = -1;
				break;
			}
			data = nd;
			cap = ncap;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f)) {
				fprintf(stderr, "%s: read error\n", path);
				rc = -1;
			}
			break;
		}
	}
	fclose(f);
	if (rc == 0) {
		LLVMFuzzerTestOneInput(data, len);
		runs++;
	}
	free(data);
	return rc;
}

static int run_path(const char *path)
{
	struct stat st;
	struct dirent **ents;
	int n, rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			size_t len = strlen(path) + strlen(name) + 2;
			char *sub = malloc(len);
			if (!sub) {
				rc = -1;
			} else {
				snprintf(sub, len, "%s/%s", path, name);
				if (run_path(sub) != 0)
					rc = -1;
				free(sub);
			}
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (run_path(argv[i]) != 0)
			rc = 1;
	}
	printf("%s: %lu inputs ran\n", argc > 0 ? argv[0] : "fuzz", runs);
	return rc;
}
