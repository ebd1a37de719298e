#!/usr/bin/env python3
"""Writes a one-layer container image from a root filesystem folder, as a tarball that needs no registry.

The tarball is an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/`) that also carries a
`docker save` style `manifest.json` pointing at the same blobs, as `docker save` writes since Docker 25:
`ctr -n k8s.io images import` reads the OCI layout (the name comes from the index's
`io.containerd.image.name` annotation), Jib's `-Dimage.base=tar://` reads `manifest.json`.
Files go in owned by 0:0 with mtime 0 in name order, so the same folder gives the same digests.

    scripts/images/image_tar.py localhost/managedapi/pause:1.0 ROOTFS pause.tar \\
        --entrypoint '["/pause"]' --user 65535:65535

Imported by api-service/image/local-base-image.py for the Java base image.
"""

import argparse
import hashlib
import json
import os
import sys
import tarfile
import tempfile

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def write_layer(rootfs: str, path: str) -> None:
    """An uncompressed layer of everything below rootfs, reproducible byte for byte."""
    with tarfile.open(path, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for folder, dirs, files in os.walk(rootfs):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                source = os.path.join(folder, name)
                info = tar.gettarinfo(source, arcname=os.path.relpath(source, rootfs))
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 0
                if info.isfile():
                    with open(source, "rb") as data:
                        tar.addfile(info, data)
                else:
                    tar.addfile(info)


class Blobs:
    """The content-addressed blobs/sha256/ folder of an OCI layout being assembled."""

    def __init__(self, root: str):
        self.folder = os.path.join(root, "blobs", "sha256")
        os.makedirs(self.folder)

    def add_file(self, path: str, media_type: str) -> dict:
        digest = hashlib.sha256()
        with open(path, "rb") as data:
            for chunk in iter(lambda: data.read(1 << 20), b""):
                digest.update(chunk)
        size = os.path.getsize(path)
        os.replace(path, os.path.join(self.folder, digest.hexdigest()))
        return {"mediaType": media_type, "digest": "sha256:" + digest.hexdigest(), "size": size}

    def add_json(self, document: dict, media_type: str) -> dict:
        path = os.path.join(self.folder, "incoming")
        with open(path, "w") as out:
            json.dump(document, out, separators=(",", ":"), sort_keys=True)
        return self.add_file(path, media_type)


def blob_path(descriptor: dict) -> str:
    return "blobs/sha256/" + descriptor["digest"].split(":", 1)[1]


def write_image(output: str, ref: str, rootfs: str, container_config: dict, created_by: str) -> None:
    """Writes the image `ref` (name:tag) with rootfs as its only layer to the tarball output."""
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(output))) as work:
        blobs = Blobs(work)
        layer_file = os.path.join(work, "layer.tar")
        write_layer(rootfs, layer_file)
        layer = blobs.add_file(layer_file, OCI_LAYER)
        config = blobs.add_json({
            "architecture": "amd64",
            "os": "linux",
            "config": container_config,
            "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]},
            "history": [{"created_by": created_by}],
        }, OCI_CONFIG)
        manifest = blobs.add_json(
            {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config, "layers": [layer]},
            OCI_MANIFEST)
        manifest["annotations"] = {"io.containerd.image.name": ref,
                                   "org.opencontainers.image.ref.name": ref.rsplit(":", 1)[1]}
        documents = {
            "oci-layout": {"imageLayoutVersion": "1.0.0"},
            "index.json": {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [manifest]},
            "manifest.json": [{"Config": blob_path(config), "RepoTags": [ref],
                               "Layers": [blob_path(layer)]}],
        }
        for name, document in documents.items():
            with open(os.path.join(work, name), "w") as out:
                json.dump(document, out, separators=(",", ":"), sort_keys=True)
        partial = output + ".partial"
        with tarfile.open(partial, "w") as image:
            for name in ("oci-layout", "index.json", "manifest.json", "blobs"):
                image.add(os.path.join(work, name), arcname=name, filter=_owned_by_root)
        os.replace(partial, output)


def _owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = 0
    return info


def main(argv: list) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", help="image name:tag, as containerd will list it")
    parser.add_argument("rootfs", help="folder that becomes the image's root filesystem")
    parser.add_argument("output", help="tarball to write")
    parser.add_argument("--entrypoint", required=True, help='JSON array, e.g. \'["/pause"]\'')
    parser.add_argument("--user", help="uid:gid (numeric, so runAsNonRoot can check it)")
    parser.add_argument("--env", action="append", default=[], help="NAME=value, repeatable")
    args = parser.parse_args(argv)
    if ":" not in args.ref.rsplit("/", 1)[-1]:
        parser.error(f"{args.ref}: the reference needs a tag")
    config = {"Entrypoint": json.loads(args.entrypoint), "Env": args.env or ["PATH=/"],
              "WorkingDir": "/"}
    if args.user:
        config["User"] = args.user
    write_image(args.output, args.ref, args.rootfs, config, "scripts/images/image_tar.py")
    print(f"wrote {args.output} ({os.path.getsize(args.output)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
