#ifndef GAZETTE_CMARK_FIELDS_H
#define GAZETTE_CMARK_FIELDS_H

#include <stdint.h>

/// Bytes inside a cmark-gfm node: valid while the node's document is not freed. Not NUL-terminated.
typedef struct {
    const unsigned char *_Nullable data;
    int32_t length;
} gazette_cmark_bytes;

/// cmark-gfm's API reads a node's text only as a new C string (`cmark_node_get_literal` copies the
/// literal into a fresh allocation on every first read). These read the node's own fields instead.
/// `node` is a `cmark_node *` of the kind each function names; anything else is undefined.

/// The literal of a text, code span, inline HTML, HTML block or code block node.
gazette_cmark_bytes gazette_cmark_literal(void *_Nonnull node);
/// A code block's info string.
gazette_cmark_bytes gazette_cmark_fence_info(void *_Nonnull node);
/// A link's or image's URL.
gazette_cmark_bytes gazette_cmark_url(void *_Nonnull node);
/// A link's or image's title.
gazette_cmark_bytes gazette_cmark_title(void *_Nonnull node);

#endif
