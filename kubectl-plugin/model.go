package main

import "encoding/json"

// Only the fields the plugin shows or patches; the operator's Java model
// (operator/.../api/v1alpha1) is the reference for ManagedApi's.

type ObjectMeta struct {
	Name              string            `json:"name"`
	Namespace         string            `json:"namespace"`
	UID               string            `json:"uid"`
	ResourceVersion   string            `json:"resourceVersion"`
	Generation        int64             `json:"generation"`
	CreationTimestamp string            `json:"creationTimestamp"`
	DeletionTimestamp string            `json:"deletionTimestamp"`
	Labels            map[string]string `json:"labels"`
	Annotations       map[string]string `json:"annotations"`
	OwnerReferences   []struct {
		UID        string `json:"uid"`
		Kind       string `json:"kind"`
		Controller bool   `json:"controller"`
	} `json:"ownerReferences"`
}

type Condition struct {
	Type               string `json:"type"`
	Status             string `json:"status"`
	Reason             string `json:"reason"`
	Message            string `json:"message"`
	LastTransitionTime string `json:"lastTransitionTime"`
}

type ManagedAPI struct {
	Metadata ObjectMeta `json:"metadata"`
	// Spec stays raw: rollback writes parts of it back exactly as they were.
	Spec   map[string]json.RawMessage `json:"spec"`
	Status ManagedAPIStatus           `json:"status"`
}

type ManagedAPIStatus struct {
	ObservedGeneration  int64            `json:"observedGeneration"`
	Conditions          []Condition      `json:"conditions"`
	Ready               string           `json:"ready"`
	Restarts            string           `json:"restarts"`
	Image               string           `json:"image"`
	URL                 string           `json:"url"`
	RestartBudget       *RestartBudget   `json:"restartBudget"`
	LastFailure         *FailureReport   `json:"lastFailure"`
	CurrentRevision     *RevisionStatus  `json:"currentRevision"`
	LastHealthyRevision *HealthyRevision `json:"lastHealthyRevision"`
	Remediation         *Remediation     `json:"remediation"`
}

type RestartBudget struct {
	RestartsInWindow *int     `json:"restartsInWindow"`
	MaxRestarts      *int     `json:"maxRestarts"`
	Window           string   `json:"window"`
	Remaining        *int     `json:"remaining"`
	RecentRestarts   []string `json:"recentRestarts"`
}

type FailureReport struct {
	Pod                 string   `json:"pod"`
	Container           string   `json:"container"`
	Reason              string   `json:"reason"`
	ExitCode            *int     `json:"exitCode"`
	Signal              *int     `json:"signal"`
	Message             string   `json:"message"`
	FinishedAt          string   `json:"finishedAt"`
	RestartCount        *int     `json:"restartCount"`
	LogTail             string   `json:"logTail"`
	LogTailUnavailable  string   `json:"logTailUnavailable"`
	ChangesSinceHealthy []string `json:"changesSinceHealthy"`
}

type RevisionStatus struct {
	TemplateHash string `json:"templateHash"`
	Image        string `json:"image"`
	HealthySince string `json:"healthySince"`
}

type HealthyRevision struct {
	TemplateHash string                     `json:"templateHash"`
	Image        string                     `json:"image"`
	Generation   int64                      `json:"generation"`
	RecordedAt   string                     `json:"recordedAt"`
	Spec         map[string]json.RawMessage `json:"spec"`
}

type Remediation struct {
	Action       string `json:"action"`
	Message      string `json:"message"`
	Generation   int64  `json:"generation"`
	StartedAt    string `json:"startedAt"`
	RolledBackTo string `json:"rolledBackTo"`
}

type PodTemplate struct {
	Metadata ObjectMeta `json:"metadata"`
	Spec     struct {
		Containers []struct {
			Name  string `json:"name"`
			Image string `json:"image"`
		} `json:"containers"`
	} `json:"spec"`
}

func (t PodTemplate) image() string {
	if len(t.Spec.Containers) == 0 {
		return ""
	}
	return t.Spec.Containers[0].Image
}

// replicatedSpec is what a Deployment and its ReplicaSets both have: how many pods, of which template.
type replicatedSpec struct {
	Replicas *int        `json:"replicas"`
	Template PodTemplate `json:"template"`
}

type Deployment struct {
	Metadata ObjectMeta     `json:"metadata"`
	Spec     replicatedSpec `json:"spec"`
	Status   struct {
		ObservedGeneration int64       `json:"observedGeneration"`
		Replicas           int         `json:"replicas"`
		UpdatedReplicas    int         `json:"updatedReplicas"`
		ReadyReplicas      int         `json:"readyReplicas"`
		AvailableReplicas  int         `json:"availableReplicas"`
		Conditions         []Condition `json:"conditions"`
	} `json:"status"`
}

type ReplicaSet struct {
	Metadata ObjectMeta     `json:"metadata"`
	Spec     replicatedSpec `json:"spec"`
	Status   struct {
		Replicas      int `json:"replicas"`
		ReadyReplicas int `json:"readyReplicas"`
	} `json:"status"`
}

type ContainerState struct {
	Running *struct {
		StartedAt string `json:"startedAt"`
	} `json:"running"`
	Waiting *struct {
		Reason  string `json:"reason"`
		Message string `json:"message"`
	} `json:"waiting"`
	Terminated *struct {
		ExitCode   int    `json:"exitCode"`
		Signal     int    `json:"signal"`
		Reason     string `json:"reason"`
		Message    string `json:"message"`
		FinishedAt string `json:"finishedAt"`
	} `json:"terminated"`
}

type ContainerStatus struct {
	Name         string         `json:"name"`
	Ready        bool           `json:"ready"`
	RestartCount int            `json:"restartCount"`
	State        ContainerState `json:"state"`
	LastState    ContainerState `json:"lastState"`
}

type Pod struct {
	Metadata ObjectMeta `json:"metadata"`
	Status   struct {
		Phase                 string            `json:"phase"`
		Conditions            []Condition       `json:"conditions"`
		ContainerStatuses     []ContainerStatus `json:"containerStatuses"`
		InitContainerStatuses []ContainerStatus `json:"initContainerStatuses"`
	} `json:"status"`
}

type Event struct {
	Type           string `json:"type"`
	Reason         string `json:"reason"`
	Message        string `json:"message"`
	Count          int    `json:"count"`
	FirstTimestamp string `json:"firstTimestamp"`
	LastTimestamp  string `json:"lastTimestamp"`
	EventTime      string `json:"eventTime"`
	Source         struct {
		Component string `json:"component"`
	} `json:"source"`
	ReportingController string `json:"reportingComponent"`
}

func findCondition(conditions []Condition, kind string) *Condition {
	for i := range conditions {
		if conditions[i].Type == kind {
			return &conditions[i]
		}
	}
	return nil
}

// ControllerRevision is one healthy revision the operator keeps: the pod template as data, the
// spec it came from in an annotation.
type ControllerRevision struct {
	Metadata ObjectMeta  `json:"metadata"`
	Revision int64       `json:"revision"`
	Data     PodTemplate `json:"data"`
}

const specAnnotation = "managedapi.dev/spec"

func (r ControllerRevision) healthyRevision() *HealthyRevision {
	h := &HealthyRevision{TemplateHash: r.Metadata.Labels[templateHashKey], Image: r.Data.image()}
	if text := r.Metadata.Annotations[specAnnotation]; text != "" {
		_ = json.Unmarshal([]byte(text), &h.Spec)
	}
	return h
}
