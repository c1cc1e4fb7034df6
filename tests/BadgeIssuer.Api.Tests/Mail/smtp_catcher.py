"""A real SMTP server for the mail tests (aiosmtpd, Debian's python3-aiosmtpd): every message it accepts is written,
as received, to <directory>/<n>.eml (the envelope recipients in <n>.rcpt). With --user and --password it requires SMTP
AUTH (PLAIN or LOGIN, RFC 4954) with them and refuses mail from clients that did not log in. It prints "ready <port>"
once it listens on 127.0.0.1 and runs until its standard input closes."""
import argparse
import itertools
import pathlib
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Catcher:
    def __init__(self, directory: pathlib.Path):
        self.directory = directory
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        number = next(self.numbers)
        (self.directory / f"{number}.rcpt").write_text("\n".join(envelope.rcpt_tos), encoding="utf-8")
        partial = self.directory / f"{number}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.directory / f"{number}.eml")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--directory", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    directory = pathlib.Path(args.directory)
    directory.mkdir(parents=True, exist_ok=True)
    options = {}
    if args.user is not None:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
            return AuthResult(success=ok, handled=False)

        options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
    controller = Controller(Catcher(directory), hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    print(f"ready {args.port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
