#ifndef GAZETTE_SYSTEM_H
#define GAZETTE_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (EINVAL/ENOSYS where the
/// file system or kernel cannot exchange; callers fall back to two renames).
int gazette_exchange_paths(const char *from, const char *to);

#endif
