/**
 * Container images name the exact build they run: an explicit tag other than `latest`, and,
 * where the policy config sets `requireDigest` (production), a content digest
 * `@sha256:<64 hex>`, the only reference a registry cannot repoint. A reference with a digest
 * is pinned whatever its tag says: the runtime pulls by the digest.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { isSha256Digest, parseImageReference } from "../../image-references";
import { containerField, containersOf, isJudged, podTemplatesOf } from "../../pod-templates";
import { PolicySettings } from "../../policy-config";
import { fieldViolation, subjectOf } from "../../violation";

const NAME = "workload-image-pinned";

/** Why an image is not pinned enough, or undefined when it is. */
function pinningProblem(image: unknown, requireDigest: boolean): string | undefined {
    const parsed = parseImageReference(image);
    if ("problem" in parsed) {
        return `not a valid image reference: ${parsed.problem}`;
    }
    const { tag, digest } = parsed.reference;
    if (requireDigest) {
        return isSha256Digest(digest) ? undefined : "no sha256 digest";
    }
    if (digest !== undefined) {
        return undefined;
    }
    if (tag === undefined) {
        return "no tag, which pulls latest";
    }
    return tag.toLowerCase() === "latest" ? "the latest tag moves" : undefined;
}

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        "Container images carry an explicit tag other than latest; with requireDigest (production) they are pinned by digest, image@sha256:<64 hex>.",
    severity: "medium",
    checklist: "images are pinned by tag, by digest in production",
    configSchema: {
        properties: {
            requireDigest: {
                type: "boolean",
                default: false,
                description: "Require every image to be pinned by a sha256 digest.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const pods = podTemplatesOf(args.type, args.props);
        if (pods.length === 0) {
            return;
        }
        const settings = new PolicySettings(NAME, args.getConfig());
        const requireDigest = settings.boolean("requireDigest", false, true);
        settings.problems.forEach((problem) => reportViolation(problem));
        const allowed = requireDigest
            ? "an image pinned by digest, <image>@sha256:<64 hex>"
            : "an image with an explicit tag other than latest, or a digest";
        const subject = subjectOf(args.type, args.props, args.name);
        for (const pod of pods) {
            for (const ref of containersOf(pod)) {
                if (!isJudged(pod, ref.container.image)) {
                    continue;
                }
                const problem = pinningProblem(ref.container.image, requireDigest);
                if (problem === undefined) {
                    continue;
                }
                const field = containerField(ref, "image");
                reportViolation(
                    `${fieldViolation(subject, field, ref.container.image, allowed)} (${problem})`,
                );
            }
        }
    },
};

export default policy;
