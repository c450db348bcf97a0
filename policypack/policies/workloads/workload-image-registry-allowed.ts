/**
 * Container images come only from the registries the stack trusts, listed in the policy config
 * `allowedRegistries`. Each entry is a registry host, optionally with a repository path prefix:
 * `ghcr.io/ohlcv` allows `ghcr.io/ohlcv/rag:1.4` but not `ghcr.io/other/x`; `docker.io/library`
 * allows Docker Hub's official images. Image references are read as the container runtime reads
 * them, so `nginx:1.27` is `docker.io/library/nginx` and a port stays part of the registry host
 * (`registry.internal:5000/app`). With an empty list no image is allowed.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import {
    isInScope,
    parseImageReference,
    parseRegistryScope,
    repositoryOf,
    type RegistryScope,
} from "../../image-references";
import { containerField, containersOf, isJudged, podTemplatesOf } from "../../pod-templates";
import { PolicySettings } from "../../policy-config";
import { fieldViolation, subjectOf } from "../../violation";

const NAME = "workload-image-registry-allowed";

/** The configured entries that are `host[/path]`, parsed; others are problems, and ignored. */
function scopesOf(settings: PolicySettings): { scope: RegistryScope; entry: string }[] {
    const scopes: { scope: RegistryScope; entry: string }[] = [];
    settings.stringList("allowedRegistries", [], []).forEach((entry, index) => {
        const scope = parseRegistryScope(entry);
        if (scope === undefined) {
            settings.problem(
                `allowedRegistries[${index}]`,
                entry,
                "a registry host, optionally with a path prefix (ghcr.io/ohlcv, docker.io/library)",
                "entry ignored",
            );
        } else {
            scopes.push({ scope, entry });
        }
    });
    return scopes;
}

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        "Container images come from a registry in allowedRegistries (host with optional path prefix, Docker Hub defaults applied to short names).",
    severity: "high",
    checklist: "images come only from trusted registries",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Registry hosts, each optionally with a repository path prefix, such as ghcr.io/ohlcv.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const pods = podTemplatesOf(args.type, args.props);
        if (pods.length === 0) {
            return;
        }
        const settings = new PolicySettings(NAME, args.getConfig());
        const scopes = scopesOf(settings);
        settings.problems.forEach((problem) => reportViolation(problem));
        const allowed =
            scopes.length === 0
                ? "none (allowedRegistries in the policy config lists no registry)"
                : `images from ${scopes.map(({ entry }) => entry).join(", ")}`;
        const subject = subjectOf(args.type, args.props, args.name);
        for (const pod of pods) {
            for (const ref of containersOf(pod)) {
                const image = ref.container.image;
                if (!isJudged(pod, image)) {
                    continue;
                }
                const parsed = parseImageReference(image);
                const field = containerField(ref, "image");
                if ("problem" in parsed) {
                    reportViolation(
                        `${fieldViolation(subject, field, image, allowed)} (not a valid image reference: ${parsed.problem})`,
                    );
                } else if (!scopes.some(({ scope }) => isInScope(parsed.reference, scope))) {
                    reportViolation(
                        `${fieldViolation(subject, field, image, allowed)} (resolves to ${repositoryOf(parsed.reference)})`,
                    );
                }
            }
        }
    },
};

export default policy;
