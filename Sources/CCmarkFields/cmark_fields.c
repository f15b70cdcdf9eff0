// The node structure is cmark-gfm's private header, shipped by libcmark-gfm-dev for exactly the
// library version it depends on (`libcmark-gfm0.29.0.gfm.6 (= …)`): the layout read here is the
// layout of the library linked.
#include <cmark-gfm/node.h>

#include "cmark_fields.h"

static gazette_cmark_bytes bytes(const cmark_chunk *chunk) {
    gazette_cmark_bytes result = {chunk->data, chunk->len};
    return result;
}

gazette_cmark_bytes gazette_cmark_literal(void *node) {
    cmark_node *n = node;
    return n->type == CMARK_NODE_CODE_BLOCK ? bytes(&n->as.code.literal) : bytes(&n->as.literal);
}

gazette_cmark_bytes gazette_cmark_fence_info(void *node) {
    return bytes(&((cmark_node *)node)->as.code.info);
}

gazette_cmark_bytes gazette_cmark_url(void *node) {
    return bytes(&((cmark_node *)node)->as.link.url);
}

gazette_cmark_bytes gazette_cmark_title(void *node) {
    return bytes(&((cmark_node *)node)->as.link.title);
}
