import * as assert from "assert";

import {
    isInScope,
    isSha256Digest,
    parseImageReference,
    parseRegistryScope,
    type ImageReference,
} from "../../../policypack/image-references";

const SHA = "a".repeat(64);

function parsed(image: string): ImageReference {
    const result = parseImageReference(image);
    if ("problem" in result) {
        throw new Error(`${image}: ${result.problem}`);
    }
    return result.reference;
}

describe("image references", () => {
    const cases: [string, ImageReference][] = [
        ["nginx", { registry: "docker.io", repository: "library/nginx" }],
        ["nginx:1.27", { registry: "docker.io", repository: "library/nginx", tag: "1.27" }],
        [
            "falcosecurity/falco:0.39.0",
            { registry: "docker.io", repository: "falcosecurity/falco", tag: "0.39.0" },
        ],
        ["index.docker.io/library/redis", { registry: "docker.io", repository: "library/redis" }],
        ["docker.io/redis:7", { registry: "docker.io", repository: "library/redis", tag: "7" }],
        ["ghcr.io/ohlcv/rag:1.4.2", { registry: "ghcr.io", repository: "ohlcv/rag", tag: "1.4.2" }],
        [
            "registry.internal:5000/team/app",
            { registry: "registry.internal:5000", repository: "team/app" },
        ],
        [
            "registry.internal:5000/app:2.1",
            { registry: "registry.internal:5000", repository: "app", tag: "2.1" },
        ],
        ["localhost/app:dev", { registry: "localhost", repository: "app", tag: "dev" }],
        ["[::1]:5000/app", { registry: "[::1]:5000", repository: "app" }],
        [
            `ghcr.io/ohlcv/rag:1.4.2@sha256:${SHA}`,
            { registry: "ghcr.io", repository: "ohlcv/rag", tag: "1.4.2", digest: `sha256:${SHA}` },
        ],
        [
            `quay.io/a/b@sha256:${SHA}`,
            { registry: "quay.io", repository: "a/b", digest: `sha256:${SHA}` },
        ],
    ];
    for (const [image, reference] of cases) {
        it(`reads ${image} as ${JSON.stringify(reference)}`, () => {
            const { tag, digest, ...rest } = parsed(image);
            assert.deepStrictEqual(
                { ...rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) },
                reference,
            );
        });
    }

    const invalid: [unknown, RegExp][] = [
        ["", /no image/],
        [undefined, /no image/],
        [42, /no image/],
        ["Nginx:1", /path component "Nginx"/],
        ["ghcr.io/Ohlcv/rag", /path component "Ohlcv"/],
        ["nginx:", /tag ""/],
        ["nginx:bad tag", /tag "bad tag"/],
        ["nginx@sha256:abc", /well-formed digest/],
        [`nginx@sha256:${"A".repeat(64)}`, /well-formed digest/],
        ["nginx@@sha256:x", /well-formed digest/],
        ["-bad.example/app", /registry host/],
        ["ghcr.io//app", /path component ""/],
    ];
    for (const [image, problem] of invalid) {
        it(`rejects ${JSON.stringify(image)} saying ${problem.source}`, () => {
            const result = parseImageReference(image);
            assert.ok("problem" in result, `parsed: ${JSON.stringify(result)}`);
            assert.match(result.problem, problem);
        });
    }

    it("knows a sha256 digest only with 64 lower-case hex digits", () => {
        assert.strictEqual(isSha256Digest(`sha256:${SHA}`), true);
        assert.strictEqual(isSha256Digest(`sha256:${SHA.slice(1)}`), false);
        assert.strictEqual(isSha256Digest(`sha512:${SHA}${SHA}`), false);
        assert.strictEqual(isSha256Digest(undefined), false);
    });

    it("reads allowed-registry entries as a host with an optional path prefix", () => {
        assert.deepStrictEqual(parseRegistryScope("ghcr.io/ohlcv/"), {
            registry: "ghcr.io",
            pathPrefix: "ohlcv",
        });
        assert.deepStrictEqual(parseRegistryScope("Index.Docker.IO"), {
            registry: "docker.io",
            pathPrefix: "",
        });
        assert.deepStrictEqual(parseRegistryScope("localhost:5000"), {
            registry: "localhost:5000",
            pathPrefix: "",
        });
    });

    it("refuses an allowed-registry entry that names no registry host", () => {
        assert.strictEqual(parseRegistryScope("falcosecurity"), undefined);
        assert.strictEqual(parseRegistryScope("ghcr.io/Bad"), undefined);
        assert.strictEqual(parseRegistryScope(""), undefined);
    });

    it("matches a path prefix only at a path boundary", () => {
        const scope = parseRegistryScope("ghcr.io/ohlcv")!;
        assert.strictEqual(isInScope(parsed("ghcr.io/ohlcv/rag:1"), scope), true);
        assert.strictEqual(isInScope(parsed("ghcr.io/ohlcv/tools/cli:1"), scope), true);
        assert.strictEqual(isInScope(parsed("ghcr.io/ohlcv-evil/rag:1"), scope), false);
        assert.strictEqual(isInScope(parsed("ghcr.io/other/ohlcv:1"), scope), false);
    });

    it("keeps the port as part of the registry when matching", () => {
        const scope = parseRegistryScope("registry.internal:5000")!;
        assert.strictEqual(isInScope(parsed("registry.internal:5000/app:1"), scope), true);
        assert.strictEqual(isInScope(parsed("registry.internal/app:1"), scope), false);
    });
});
