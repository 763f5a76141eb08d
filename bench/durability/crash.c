// LD_PRELOAD shim: counts file-changing syscalls on paths containing $CRASH_MATCH
// and SIGKILLs the process just before the $CRASH_AT-th one (1-based). With
// $CRASH_LOG set, appends "n op path size offset" for every counted call.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <sys/syscall.h>

static atomic_long counter;
static long target = -2;
static const char *match;
static int logfd = -1;

static void init(void) {
  if (target != -2) return;
  const char *t = getenv("CRASH_AT");
  match = getenv("CRASH_MATCH");
  const char *l = getenv("CRASH_LOG");
  if (l) logfd = open(l, O_WRONLY | O_CREAT | O_APPEND, 0644);
  target = t ? atol(t) : -1;
}

static int fd_path(int fd, char *buf, size_t n) {
  char p[64];
  snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
  ssize_t k = readlink(p, buf, n - 1);
  if (k < 0) return 0;
  buf[k] = 0;
  return 1;
}

static void event(const char *op, const char *path, long size, long offset) {
  init();
  if (!match || !path || !strstr(path, match)) return;
  long n = atomic_fetch_add(&counter, 1) + 1;
  if (logfd >= 0) {
    char line[4200];
    int len = snprintf(line, sizeof line, "%ld %s %s %ld %ld\n", n, op, path, size, offset);
    syscall(SYS_write, logfd, line, len);
  }
  if (n == target) kill(getpid(), SIGKILL);
}

static void fd_event(const char *op, int fd, long size, long offset) {
  init();
  if (!match) return;
  char buf[4096];
  if (fd_path(fd, buf, sizeof buf)) event(op, buf, size, offset);
}

#define REAL(name) static __typeof__(name) *real_##name; if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *b, size_t n) { REAL(write); if (fd > 2) fd_event("write", fd, n, -1); return real_write(fd, b, n); }
ssize_t pwrite(int fd, const void *b, size_t n, off_t o) { REAL(pwrite); fd_event("pwrite", fd, n, o); return real_pwrite(fd, b, n, o); }
ssize_t pwrite64(int fd, const void *b, size_t n, off_t o) { REAL(pwrite64); fd_event("pwrite", fd, n, o); return real_pwrite64(fd, b, n, o); }
int fsync(int fd) { REAL(fsync); fd_event("fsync", fd, 0, 0); return real_fsync(fd); }
int fdatasync(int fd) { REAL(fdatasync); fd_event("fdatasync", fd, 0, 0); return real_fdatasync(fd); }
int ftruncate(int fd, off_t l) { REAL(ftruncate); fd_event("ftruncate", fd, l, 0); return real_ftruncate(fd, l); }
int ftruncate64(int fd, off_t l) { REAL(ftruncate64); fd_event("ftruncate", fd, l, 0); return real_ftruncate64(fd, l); }
int unlink(const char *p) { REAL(unlink); event("unlink", p, 0, 0); return real_unlink(p); }
int remove(const char *p) { REAL(remove); event("remove", p, 0, 0); return real_remove(p); }
int rename(const char *a, const char *b) { REAL(rename); event("rename", a, 0, 0); return real_rename(a, b); }
