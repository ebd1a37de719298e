#!/usr/bin/env python3
"""Builds a minimal Java base image as a tarball, from the JDK on this machine.

For machines that cannot pull a base image (CI sandboxes, air-gapped builds): Jib takes it as
`-Dimage.base=tar:///path/to/base.tar`. The image holds a jlink'd Java runtime, the C libraries it
links against, an empty world-writable /tmp and nothing else (no shell, no package manager). The
tarball is an OCI layout with `docker save`'s manifest.json beside it, which is what Jib reads
(written by scripts/images/image_tar.py).

    api-service/image/local-base-image.py /tmp/java-base.tar        # uses $JAVA_HOME
"""

import os
import shutil
import subprocess
import sys
import tempfile

# The tarball writer is shared with the pause image (scripts/build-images.sh).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..",
                                "scripts", "images"))
import image_tar  # noqa: E402

# jdk.httpserver: the operator serves /healthz, /readyz and /metrics with the JDK's HTTP server.
MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.zipfs,jdk.net,jdk.httpserver"
JAVA_DIR = "opt/java/openjdk"
# Only Jib reads this name; nothing imports the base into a runtime.
BASE_REF = "localhost/managedapi/java-base:latest"


def jlink(java_home: str, target: str) -> None:
    subprocess.run(
        [os.path.join(java_home, "bin", "jlink"), "--add-modules", MODULES, "--strip-debug",
         "--no-man-pages", "--no-header-files", "--generate-cds-archive", "--output", target],
        check=True)


def shared_libraries(runtime: str) -> set:
    """Every library the runtime's binaries and .so files link against, with the loader."""
    libraries = set()
    for folder, _, files in os.walk(runtime):
        for name in files:
            path = os.path.join(folder, name)
            if not (name.endswith(".so") or folder.endswith("/bin")):
                continue
            result = subprocess.run(["ldd", path], capture_output=True, text=True)
            for line in result.stdout.splitlines():
                parts = line.split()
                for part in parts:
                    if part.startswith("/") and not part.startswith(runtime):
                        libraries.add(os.path.realpath(part))
                        libraries.add(part)
    return libraries


def main(output: str) -> None:
    java_home = os.environ.get("JAVA_HOME") or os.path.dirname(
        os.path.dirname(os.path.realpath(shutil.which("java"))))
    with tempfile.TemporaryDirectory() as work:
        rootfs = os.path.join(work, "rootfs")
        runtime = os.path.join(rootfs, JAVA_DIR)
        os.makedirs(os.path.dirname(runtime))
        jlink(java_home, runtime)
        # Keep the host's merged-/usr layout (/lib -> usr/lib), or library paths stop resolving.
        for top in ("lib", "lib64", "lib32", "bin", "sbin"):
            if os.path.islink("/" + top):
                link = os.readlink("/" + top)
                os.makedirs(os.path.join(rootfs, link.lstrip("/")), exist_ok=True)
                os.symlink(link, os.path.join(rootfs, top))
        for library in sorted(shared_libraries(runtime), key=os.path.islink):
            target = os.path.join(rootfs, library.lstrip("/"))
            if os.path.lexists(target):
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.islink(library):
                os.symlink(os.readlink(library), target)
            else:
                shutil.copy2(library, target)
        tmp = os.path.join(rootfs, "tmp")
        os.makedirs(tmp)
        os.chmod(tmp, 0o1777)
        etc = os.path.join(rootfs, "etc")
        os.makedirs(etc)
        with open(os.path.join(etc, "passwd"), "w") as passwd:
            passwd.write("root:x:0:0:root:/root:/sbin/nologin\n"
                         "nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n")
        with open(os.path.join(etc, "group"), "w") as group:
            group.write("root:x:0:\nnonroot:x:65532:\n")

        image_tar.write_image(
            output, BASE_REF, rootfs,
            {"Env": [f"PATH=/{JAVA_DIR}/bin:/usr/bin:/bin", f"JAVA_HOME=/{JAVA_DIR}"]},
            "api-service/image/local-base-image.py")
    print(f"wrote {output} ({os.path.getsize(output) // (1024 * 1024)} MiB)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "java-base.tar")
