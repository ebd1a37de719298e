#!/usr/bin/env python3
"""Builds a minimal Java base image as a `docker save` tarball, from the JDK on this machine.

For machines that cannot pull a base image (CI sandboxes, air-gapped builds): Jib takes it as
`-Dimage.base=tar:///path/to/base.tar`. The image holds a jlink'd Java runtime, the C libraries it
links against, an empty world-writable /tmp and nothing else (no shell, no package manager).

    api-service/image/local-base-image.py /tmp/java-base.tar        # uses $JAVA_HOME
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

# jdk.httpserver: the operator serves /healthz, /readyz and /metrics with the JDK's HTTP server.
MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.zipfs,jdk.net,jdk.httpserver"
JAVA_DIR = "opt/java/openjdk"


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


def layer(rootfs: str) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for folder, dirs, files in os.walk(rootfs):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                path = os.path.join(folder, name)
                info = tar.gettarinfo(path, arcname=os.path.relpath(path, rootfs))
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 0
                if info.isfile():
                    with open(path, "rb") as data:
                        tar.addfile(info, data)
                else:
                    tar.addfile(info)
    return buffer.getvalue()


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

        layer_bytes = layer(rootfs)
        diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
        config = {
            "architecture": "amd64",
            "os": "linux",
            "config": {
                "Env": [f"PATH=/{JAVA_DIR}/bin:/usr/bin:/bin", f"JAVA_HOME=/{JAVA_DIR}"],
            },
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
            "history": [{"created_by": "api-service/image/local-base-image.py"}],
        }
        config_bytes = json.dumps(config).encode()
        config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
        manifest = [{"Config": config_name, "RepoTags": ["local/java-base:latest"],
                     "Layers": ["layer.tar"]}]
        with tarfile.open(output, "w") as image:
            for name, data in (("layer.tar", layer_bytes), (config_name, config_bytes),
                               ("manifest.json", json.dumps(manifest).encode())):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                image.addfile(info, io.BytesIO(data))
    print(f"wrote {output} ({os.path.getsize(output) // (1024 * 1024)} MiB)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "java-base.tar")
