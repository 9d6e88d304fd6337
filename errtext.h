/* SPDX-License-Identifier: MIT */
/*
 * errtext.h - the text of an errno, for the REASON of a log line.
 */
#ifndef PID1_ERRTEXT_H
#define PID1_ERRTEXT_H

/*
 * errtext() - strerror(@errnum). In the static build (PID1_ERRNO_TABLE) from
 * a table of only the errors pid1's own calls can return, with libc's full
 * text; any other number reads "error N".
 */
const char *errtext(int errnum);

#endif
