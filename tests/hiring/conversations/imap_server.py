"""A small IMAP4rev1 server on loopback (RFC 3501), for the mailbox poller's tests.

It speaks the part of the protocol a client that reads and deletes messages uses: CAPABILITY,
LOGIN, SELECT, UID SEARCH, UID FETCH (RFC822), UID STORE +FLAGS (\\Deleted), EXPUNGE, LOGOUT,
with literals for the message bytes, tagged OK/NO/BAD answers and untagged data, as a real
server answers; one mailbox, INBOX.
"""

import re
import socketserver
import threading

TOKEN = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\S+)')


class Mailbox:
    def __init__(self, user: str, password: str):
        self.user, self.password = user, password
        self.messages: dict[int, bytes] = {}
        self.deleted: set[int] = set()
        self.next_uid = 1
        self.lock = threading.Lock()

    def add(self, raw: bytes) -> int:
        with self.lock:
            uid, self.next_uid = self.next_uid, self.next_uid + 1
            self.messages[uid] = raw
            return uid


class Handler(socketserver.StreamRequestHandler):
    def send(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self):
        box: Mailbox = self.server.mailbox
        signed_in = selected = False
        self.send(b"* OK [CAPABILITY IMAP4rev1] Vivier test IMAP server ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            words = [
                match[1] if match[1] is not None else match[2] for match in TOKEN.finditer(line)
            ]
            if len(words) < 2:
                self.send(b"* BAD missing command")
                continue
            tag, command, args = words[0], words[1].upper(), words[2:]
            if command == b"CAPABILITY":
                self.send(b"* CAPABILITY IMAP4rev1")
            elif command == b"LOGIN":
                if args[:2] != [box.user.encode(), box.password.encode()]:
                    self.send(tag + b" NO [AUTHENTICATIONFAILED] Invalid credentials")
                    continue
                signed_in = True
            elif command == b"LOGOUT":
                self.send(b"* BYE logging out")
                self.send(tag + b" OK LOGOUT completed")
                return
            elif not signed_in:
                self.send(tag + b" BAD sign in first")
                continue
            elif command == b"SELECT":
                if args[0].upper() != b"INBOX":
                    self.send(tag + b" NO no such mailbox")
                    continue
                selected = True
                self.send(b"* %d EXISTS" % len(box.messages))
                self.send(b"* OK [UIDVALIDITY 1] UIDs valid")
                self.send(tag + b" OK [READ-WRITE] SELECT completed")
                continue
            elif not selected:
                self.send(tag + b" BAD select a mailbox first")
                continue
            elif command == b"UID":
                if not self.uid(box, args):
                    self.send(tag + b" BAD unsupported UID command")
                    continue
            elif command == b"EXPUNGE":
                with box.lock:
                    uids = sorted(box.messages)
                    for uid in sorted(box.deleted, reverse=True):
                        if uid in box.messages:
                            self.send(b"* %d EXPUNGE" % (uids.index(uid) + 1))
                            del box.messages[uid]
                    box.deleted.clear()
            else:
                self.send(tag + b" BAD unknown command")
                continue
            self.send(tag + b" OK " + command + b" completed")

    def uid(self, box: Mailbox, args) -> bool:
        sub = args[0].upper()
        uids = sorted(box.messages)
        if sub == b"SEARCH":
            self.send(b"* SEARCH" + b"".join(b" %d" % uid for uid in uids))
            return True
        uid = int(args[1])
        if uid not in box.messages:
            return True  # RFC 3501: a UID that no longer exists gives no data, and OK
        number = uids.index(uid) + 1
        if sub == b"FETCH":
            raw = box.messages[uid]
            self.wfile.write(b"* %d FETCH (UID %d RFC822 {%d}\r\n" % (number, uid, len(raw)))
            self.wfile.write(raw + b")\r\n")
            return True
        if sub == b"STORE" and args[2].upper() == b"+FLAGS":
            box.deleted.add(uid)
            self.send(b"* %d FETCH (UID %d FLAGS (\\Deleted))" % (number, uid))
            return True
        return False


class IMAPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox):
        super().__init__(("127.0.0.1", 0), Handler)
        self.mailbox = mailbox

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    @property
    def port(self) -> int:
        return self.server_address[1]
