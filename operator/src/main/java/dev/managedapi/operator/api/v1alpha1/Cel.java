package dev.managedapi.operator.api.v1alpha1;

/**
 * CEL rules shared by several fields of the model. Where Kubernetes has a CEL library for a check
 * (the {@code format} library for names, label values and qualified names; {@code isQuantity} for
 * quantities) the rules call it, and messages quote its words, so they cannot drift from what the
 * API server enforces for the objects the operator creates.
 */
public final class Cel {

  /**
   * An image reference as container runtimes parse it (the distribution reference grammar): an
   * optional registry host[:port]/, lower-case path components, one optional tag, an optional
   * digest whose hex has the length its algorithm gives (go-digest accepts lower-case hex only).
   */
  public static final String IMAGE_REFERENCE_REGEX =
      "^(?:(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
          + "(?:[.](?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
          + "|[[][a-fA-F0-9:]+[]])(?::[0-9]+)?/)?"
          + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
          + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
          + "(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?"
          + "(?:@(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$";

  public static final String IMAGE_RULE = "self.matches('" + IMAGE_REFERENCE_REGEX + "')";

  public static final String IMAGE_MESSAGE =
      "must be an image reference [registry[:port]/]name[:tag][@digest], for example"
          + " ghcr.io/acme/orders:1.4.2: lower-case name components, no URL scheme, at most one tag"
          + " of 1 to 128 letters, digits, '_', '.' or '-', and a digest such as sha256: followed"
          + " by 64 lower-case hex digits";

  /** Longest image reference accepted: a 255-character name, a tag and a sha512 digest. */
  public static final int IMAGE_MAX_LENGTH = 512;

  public static final String DNS_SUBDOMAIN_RULE =
      "!format.dns1123Subdomain().validate(self).hasValue()";

  /**
   * Messages are fixed text: a messageExpression quoting the format library's own explanation
   * (validate(...).value().join(...)) is estimated far over the API server's cost budget.
   */
  public static final String DNS_SUBDOMAIN_MESSAGE =
      "must be a lowercase RFC 1123 subdomain: at most 253 lower-case letters, digits, '-' and"
          + " '.', starting and ending with a letter or digit";

  public static final int DNS_SUBDOMAIN_MAX_LENGTH = 253;

  /** Label and annotation keys: an optional DNS subdomain prefix and a name of 63 characters. */
  public static final int QUALIFIED_NAME_MAX_LENGTH = 317;

  public static final String QUALIFIED_NAME_KEYS_RULE =
      "self.all(k, !format.qualifiedName().validate(k).hasValue())";

  public static final String QUALIFIED_NAME_MESSAGE =
      "must be a qualified name: an optional DNS subdomain and '/', then at most 63 letters,"
          + " digits, '-', '_' or '.', starting and ending with a letter or digit";

  public static final String QUALIFIED_NAME_KEYS_MESSAGE = "keys " + QUALIFIED_NAME_MESSAGE;

  public static final String LABEL_VALUES_RULE =
      "self.all(k, !format.labelValue().validate(self[k]).hasValue())";

  public static final String LABEL_VALUE_MESSAGE =
      "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and"
          + " ending with a letter or digit";

  public static final String LABEL_VALUES_MESSAGE = "values " + LABEL_VALUE_MESSAGE;

  /** The most characters of a label value. */
  public static final int LABEL_VALUE_MAX_LENGTH = 63;

  /** Annotation keys are checked lower-cased, as Kubernetes checks them. */
  public static final String ANNOTATION_KEYS_RULE =
      "self.all(k, !format.qualifiedName().validate(k.lowerAscii()).hasValue())";

  public static final String ANNOTATION_KEYS_MESSAGE = QUALIFIED_NAME_KEYS_MESSAGE;

  /**
   * Kubernetes allows 256 KiB of annotations per object (TotalAnnotationSizeLimitB); the operator
   * adds its own to the pod template, so the user's get 255 KiB.
   */
  public static final int ANNOTATIONS_MAX_BYTES = 255 * 1024;

  public static final String ANNOTATIONS_SIZE_RULE =
      "self.map(k, size(k) + size(self[k])).sum() <= " + ANNOTATIONS_MAX_BYTES;

  public static final String ANNOTATIONS_SIZE_MESSAGE =
      "annotations must not exceed 255 KiB in total, keys and values together: Kubernetes allows"
          + " 256 KiB and the operator adds its own";

  public static final String OPERATOR_PREFIX_RULE =
      "!self.exists(k, k.startsWith('" + ManagedApi.GROUP + "/'))";

  public static final String OPERATOR_PREFIX_MESSAGE =
      "must not use the " + ManagedApi.GROUP + "/ prefix: the operator sets those annotations";

  /** The most entries a map of labels, annotations or node labels may hold. */
  public static final int MAX_MAP_ENTRIES = 64;

  /**
   * A count or a percentage, as Kubernetes checks PodDisruptionBudget and rolling-update values: a
   * non-negative integer, or digits followed by '%' up to 100%.
   */
  public static final String INT_OR_PERCENT_RULE =
      "type(self) == int ? self >= 0"
          + " : self.matches('^[0-9]{1,3}%$') && int(self.substring(0, size(self) - 1)) <= 100";

  public static final String INT_OR_PERCENT_MESSAGE =
      "must be a non-negative number or a percentage from 0% to 100%, such as 1 or 25%";

  /** The same for a rollout's maxSurge, which may exceed 100%. */
  public static final String INT_OR_ANY_PERCENT_RULE =
      "type(self) == int ? self >= 0 : self.matches('^[0-9]{1,9}%$')";

  public static final String INT_OR_ANY_PERCENT_MESSAGE =
      "must be a non-negative number or a percentage, such as 1 or 25%";

  private Cel() {}
}
