{{/* Names and labels shared by every object of the chart. */}}
{{- define "wlz.naam" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "wlz.volledigeNaam" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "wlz.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wlz.naam" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "wlz.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "wlz.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "wlz.secretNaam" -}}
{{- .Values.secrets.name -}}
{{- end -}}
