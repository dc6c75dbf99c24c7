/* signal_handler.h
 * Copyright 2012 The ChromiumOS Authors
 * Use of this source code is governed by a BSD-style license that can be
 * found in the LICENSE file.
 *
 * Signal handling functions.
 */

#ifndef SIGNAL_HANDLER_H
#define SIGNAL_HANDLER_H

int install_sigsys_handler(void);

#endif /* SIGNAL_HANDLER_H */
