package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** Where news about the API goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotificationsSpec {

  @Required
  @JsonPropertyDescription(
      "Secret key holding a webhook URL (Slack incoming webhooks and compatible receivers). The"
          + " operator posts when a crash loop starts, the restart budget is exhausted, or a"
          + " rollback happens. The URL stays in the Secret because it is a credential.")
  private SecretKeySelector webhookSecretRef;

  public SecretKeySelector getWebhookSecretRef() {
    return webhookSecretRef;
  }

  public void setWebhookSecretRef(SecretKeySelector webhookSecretRef) {
    this.webhookSecretRef = webhookSecretRef;
  }
}
