/**
 * Container image references as the container runtime reads them (the grammar of the
 * distribution `reference` package that Docker, containerd and CRI-O share):
 *
 *     [registry[:port]/]path[:tag][@algorithm:hex]
 *
 * The first path component is a registry host only if it contains "." or ":", is `localhost`,
 * or has upper-case letters; otherwise the image is on Docker Hub (`docker.io`), and a one-part
 * path there is an official image under `library/` (`nginx` is `docker.io/library/nginx`).
 */

/** A parsed image reference, with Docker Hub defaults filled in. */
export interface ImageReference {
    /** The registry host, with its port if any: `docker.io`, `ghcr.io`, `localhost:5000`. */
    registry: string;
    /** The repository path within the registry: `library/nginx`, `ohlcv/rag`. */
    repository: string;
    /** The tag, if one is given. */
    tag?: string;
    /** The digest (`sha256:<hex>`), if one is given. */
    digest?: string;
}

/** The outcome of parsing: the reference, or what is wrong with the text. */
export type ParsedImage = { reference: ImageReference } | { problem: string };

/** The Docker Hub host as references are normalised to. */
export const DOCKER_HUB = "docker.io";

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = new RegExp(
    `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** The encoded length of the registered OCI digest algorithms; others are left to the registry. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };
const MAX_NAME_LENGTH = 255;

/** True when a path's first component names a registry host rather than a Docker Hub path. */
function looksLikeHost(component: string): boolean {
    return (
        component.includes(".") ||
        component.includes(":") ||
        component === "localhost" ||
        component !== component.toLowerCase()
    );
}

/** Splits a repository name into registry and path, applying the Docker Hub defaults. */
function splitRegistry(name: string): { registry: string; repository: string } {
    const slash = name.indexOf("/");
    let registry = DOCKER_HUB;
    let repository = name;
    if (slash !== -1 && looksLikeHost(name.slice(0, slash))) {
        registry = name.slice(0, slash);
        repository = name.slice(slash + 1);
    }
    if (registry === "index.docker.io") {
        registry = DOCKER_HUB;
    }
    if (registry === DOCKER_HUB && !repository.includes("/")) {
        repository = `library/${repository}`;
    }
    return { registry, repository };
}

function isWellFormedDigest(digest: string): boolean {
    if (!DIGEST.test(digest)) {
        return false;
    }
    const [algorithm, encoded] = digest.split(":");
    const length = DIGEST_HEX_LENGTH[algorithm];
    return length === undefined || new RegExp(`^[a-f0-9]{${length}}$`).test(encoded);
}

/** Images already parsed: two policies read every container's image, and images repeat. */
const parsedImages = new Map<string, Readonly<ParsedImage>>();

/** Parses an image reference; never throws. */
export function parseImageReference(image: unknown): ParsedImage {
    if (typeof image !== "string" || image === "") {
        return { problem: "no image is given" };
    }
    let parsed = parsedImages.get(image);
    if (!parsed) {
        parsed = Object.freeze(parseImage(image));
        if (parsedImages.size < 10000) {
            parsedImages.set(image, parsed);
        }
    }
    return parsed;
}

function parseImage(image: string): ParsedImage {
    const at = image.indexOf("@");
    const beforeDigest = at === -1 ? image : image.slice(0, at);
    const digest = at === -1 ? undefined : image.slice(at + 1);
    if (digest !== undefined && !isWellFormedDigest(digest)) {
        return {
            problem: `the digest ${JSON.stringify(digest)} is not a well-formed digest (sha256:<64 lower-case hex>)`,
        };
    }

    // A ":" after the last "/" starts the tag; one before it is a registry port.
    const colon = beforeDigest.lastIndexOf(":");
    const hasTag = colon > beforeDigest.lastIndexOf("/");
    const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
    const tag = hasTag ? beforeDigest.slice(colon + 1) : undefined;
    if (tag !== undefined && !TAG.test(tag)) {
        return { problem: `the tag ${JSON.stringify(tag)} is not a valid tag` };
    }
    if (name === "" || name.length > MAX_NAME_LENGTH) {
        return { problem: "the repository name is empty or longer than 255 characters" };
    }

    const { registry, repository } = splitRegistry(name);
    if (!HOST.test(registry)) {
        return { problem: `the registry host ${JSON.stringify(registry)} is not a host name` };
    }
    const bad = repository.split("/").find((component) => !PATH_COMPONENT.test(component));
    if (bad !== undefined) {
        return {
            problem: `the path component ${JSON.stringify(bad)} is not lower-case letters, digits and separators`,
        };
    }
    return { reference: { registry, repository, tag, digest } };
}

/** True when the digest is `sha256:` followed by 64 lower-case hex digits. */
export function isSha256Digest(digest: string | undefined): boolean {
    return digest !== undefined && SHA256_DIGEST.test(digest);
}

/** The reference without tag or digest, registry included: `docker.io/library/nginx`. */
export function repositoryOf(reference: ImageReference): string {
    return `${reference.registry}/${reference.repository}`;
}

/** An allowed-registry entry: a registry host and, optionally, a repository path prefix. */
export interface RegistryScope {
    /** The registry host (lower case), with port if any. */
    registry: string;
    /** A repository path prefix (`ohlcv`), or empty for the whole registry. */
    pathPrefix: string;
}

/**
 * Parses an allowed-registry entry: `ghcr.io`, `ghcr.io/ohlcv`, `docker.io/falcosecurity`,
 * `localhost:5000`. The first component must be a registry host, so that an entry never
 * depends on the Docker Hub defaults; returns undefined for an entry that is not one.
 */
export function parseRegistryScope(entry: string): RegistryScope | undefined {
    const trimmed = entry.replace(/\/+$/, "");
    const slash = trimmed.indexOf("/");
    const host = slash === -1 ? trimmed : trimmed.slice(0, slash);
    const pathPrefix = slash === -1 ? "" : trimmed.slice(slash + 1);
    if (!looksLikeHost(host) || !HOST.test(host)) {
        return undefined;
    }
    if (pathPrefix !== "" && !pathPrefix.split("/").every((c) => PATH_COMPONENT.test(c))) {
        return undefined;
    }
    const registry = host.toLowerCase() === "index.docker.io" ? DOCKER_HUB : host.toLowerCase();
    return { registry, pathPrefix };
}

/** True when the image is in the scope: same registry, and under its path prefix if it has one. */
export function isInScope(reference: ImageReference, scope: RegistryScope): boolean {
    if (reference.registry.toLowerCase() !== scope.registry) {
        return false;
    }
    return (
        scope.pathPrefix === "" ||
        reference.repository === scope.pathPrefix ||
        reference.repository.startsWith(`${scope.pathPrefix}/`)
    );
}
