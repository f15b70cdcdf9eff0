/*
 * For tests only: answers libopendkim's DNS queries (res_nquery) from a file instead of the network,
 * so that opendkim-testmsg verifies a message with the public keys a test made. Loaded with
 * LD_PRELOAD; GAZETTE_TEST_DNS names the file, one record a line: "name<TAB>TXT value". A name that is
 * not in the file gets NXDOMAIN. The value is split into character-strings of at most 255 bytes, as
 * a DNS server sends a long TXT record.
 *
 * GAZETTE_TEST_TIME, when set, is the time (seconds since 1970) the verifier takes for "now": a digest
 * is written days before its Date, and a signature whose t= lies in the future fails; the tests
 * verify as a receiver would when the message is sent at its Date.
 */
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

time_t time(time_t *result) {
    const char *pinned = getenv("GAZETTE_TEST_TIME");
    struct timeval now;
    gettimeofday(&now, NULL);
    time_t value = pinned ? (time_t)strtoll(pinned, NULL, 10) : now.tv_sec;
    if (result) *result = value;
    return value;
}

int res_nquery(res_state state, const char *name, int class, int type, unsigned char *answer, int length) {
    (void)state;
    const char *path = getenv("GAZETTE_TEST_DNS");
    FILE *file = path ? fopen(path, "r") : NULL;
    if (!file) return -1;
    char line[8192];
    char *value = NULL;
    size_t namelen = strlen(name);
    while (fgets(line, sizeof line, file)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        size_t l = strlen(line);
        if (l && line[l-1] == '.') line[--l] = 0;
        size_t nl = namelen; if (nl && name[nl-1]=='.') nl--;
        if (l == nl && strncasecmp(line, name, l) == 0) { value = strdup(tab + 1); break; }
    }
    fclose(file);
    unsigned char *p = answer, *end = answer + length;
    if (length < 512) { free(value); return -1; }
    memset(p, 0, 12);
    p[0] = 0x12; p[1] = 0x34; p[2] = 0x81; p[3] = value ? 0x80 : 0x83;
    p[5] = 1; p[7] = value ? 1 : 0;
    p += 12;
    unsigned char *qname = p;
    const char *label = name;
    while (*label) {
        const char *dot = strchr(label, '.');
        size_t n = dot ? (size_t)(dot - label) : strlen(label);
        if (n == 0) break;
        *p++ = (unsigned char)n; memcpy(p, label, n); p += n;
        label += n; if (*label == '.') label++;
    }
    *p++ = 0;
    *p++ = type >> 8; *p++ = type & 0xff; *p++ = class >> 8; *p++ = class & 0xff;
    if (value) {
        *p++ = 0xC0; *p++ = (unsigned char)(qname - answer);
        *p++ = 0; *p++ = 16; *p++ = 0; *p++ = 1;
        *p++ = 0; *p++ = 0; *p++ = 0x0e; *p++ = 0x10;
        size_t vlen = strlen(value);
        size_t rdlen = vlen + (vlen + 254) / 255;
        if (p + 2 + rdlen > end) { free(value); return -1; }
        *p++ = rdlen >> 8; *p++ = rdlen & 0xff;
        for (size_t i = 0; i < vlen; i += 255) {
            size_t n = vlen - i < 255 ? vlen - i : 255;
            *p++ = (unsigned char)n; memcpy(p, value + i, n); p += n;
        }
        free(value);
    }
    return (int)(p - answer);
}
