// Debian's libcmark-gfm and its GFM extensions (table, strikethrough, autolink, tagfilter).
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
