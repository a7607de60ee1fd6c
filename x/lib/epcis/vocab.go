package epcis

import (
	"sort"
	"strings"
)

// Namespaces of the EPCIS 2.0 JSON-LD context that the event hash expands.
const (
	CBVNamespace = "https://ref.gs1.org/cbv/"
	GS1Namespace = "https://gs1.org/voc/"
	// AgriBizStepPrefix names TraceChain's agricultural business steps,
	// which CBV 2.0 lacks. A URI outside the GS1 namespaces keeps events
	// valid against the EPCIS schema.
	AgriBizStepPrefix = "urn:tracechain:bizstep:"
)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// CBV 2.0 vocabularies, as the EPCIS 2.0 JSON schema enumerates them.
var (
	cbvBizSteps = set(`accepting arriving assembling collecting commissioning consigning creating_class_instance
		cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting
		holding inspecting installing killing loading other packing picking receiving removing repackaging
		repairing replacing reserving retail_selling shipping staging_outbound stock_taking stocking storing
		transporting unloading unpacking void_shipping sensor_reporting sampling`)
	agriBizSteps    = set(`harvesting cooling initial_packing`)
	cbvDispositions = set(`active container_closed damaged destroyed dispensed disposed encoded expired in_progress
		in_transit inactive no_pedigree_match non_sellable_other partially_dispensed recalled reserved retail_sold
		returned sellable_accessible sellable_not_accessible stolen unknown available completeness_verified
		completeness_inferred conformant container_open mismatch_instance mismatch_class mismatch_quantity
		needs_replacement non_conformant unavailable`)
	cbvBizTransactionTypes = set(`bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt`)
	cbvSourceDestTypes     = set(`owning_party possessing_party location`)
	cbvErrorReasons        = set(`did_not_occur incorrect_data`)
	gs1MeasurementTypes    = set(`AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude
		AmountOfSubstance AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity
		Area Capacitance Conductance Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate
		DynamicViscosity ElectricCharge ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy
		Exposure Force Frequency Illuminance Inductance Irradiance KinematicViscosity Length LinearMomentum
		Luminance LuminousFlux LuminousIntensity MagneticFlux MagneticFluxDensity MagneticVectorPotential Mass
		MassConcentration MassFlowRate MassPerAreaTime MemoryCapacity MolalityOfSolute MolarEnergy MolarMass
		MolarVolume Power Pressure RadiantFlux RadiantIntensity RelativeHumidity Resistance Resistivity SolidAngle
		SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time Torque Voltage Volume VolumeFlowRate
		VolumeFraction VolumetricFlux Wavenumber`)
	gs1AlertTypes = set(`ALARM_CONDITION ERROR_CONDITION`)
	gs1Components = set(`x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting
		northing latitude longitude altitude`)
)

// vocabulary is one CBV or GS1 vocabulary: its web-URI prefix, its URN
// prefix of EPCIS 1.x, and the bare terms it defines.
type vocabulary struct {
	name      string
	webPrefix string
	urnPrefix string
	terms     map[string]bool
}

var (
	bizStepVocab     = vocabulary{"business step", CBVNamespace + "BizStep-", "urn:epcglobal:cbv:bizstep:", cbvBizSteps}
	dispositionVocab = vocabulary{"disposition", CBVNamespace + "Disp-", "urn:epcglobal:cbv:disp:", cbvDispositions}
	bttVocab         = vocabulary{"business transaction type", CBVNamespace + "BTT-", "urn:epcglobal:cbv:btt:", cbvBizTransactionTypes}
	sdtVocab         = vocabulary{"source/destination type", CBVNamespace + "SDT-", "urn:epcglobal:cbv:sdt:", cbvSourceDestTypes}
	errorReasonVocab = vocabulary{"error reason", CBVNamespace + "ER-", "urn:epcglobal:cbv:er:", cbvErrorReasons}
	measurementVocab = vocabulary{"measurement type", GS1Namespace, "", gs1MeasurementTypes}
	alertVocab       = vocabulary{"sensor alert type", GS1Namespace, "", gs1AlertTypes}
	// GS1's context maps the components to CBV (cbv:Comp-latitude).
	componentVocab = vocabulary{"component", CBVNamespace + "Comp-", "", gs1Components}
)

// legacyURNs maps EPCIS 1.x CBV URN prefixes to their web vocabulary, as
// the event hash reads any value.
var legacyURNs = []struct{ urn, web string }{
	{"urn:epcglobal:cbv:bizstep:", bizStepVocab.webPrefix},
	{"urn:epcglobal:cbv:disp:", dispositionVocab.webPrefix},
	{"urn:epcglobal:cbv:btt:", bttVocab.webPrefix},
	{"urn:epcglobal:cbv:sdt:", sdtVocab.webPrefix},
	{"urn:epcglobal:cbv:er:", errorReasonVocab.webPrefix},
}

// expand is the value the event hash uses: a bare term becomes its web URI
// (JSON-LD @vocab expansion); URIs and CURIEs are resolved elsewhere.
func (v vocabulary) expand(value string) string {
	if value != "" && !strings.Contains(value, ":") {
		return v.webPrefix + value
	}
	return value
}

// Term returns the bare term of a value in any of its spellings (bare,
// CURIE, web URI, legacy URN), or "" if it is not a term of v.
func (v vocabulary) Term(value string) string {
	t := value
	for _, p := range []string{v.webPrefix, v.urnPrefix} {
		if p != "" && strings.HasPrefix(t, p) {
			t = strings.TrimPrefix(t, p)
			break
		}
	}
	// The CURIE spellings: cbv:BizStep-shipping (the vocabulary's web
	// prefix after the cbv: namespace), gs1:Temperature. Nothing else: a
	// CURIE that does not expand to the term's web URI is not the term.
	switch {
	case strings.HasPrefix(t, "cbv:") && strings.HasPrefix(v.webPrefix, CBVNamespace):
		rest, ok := strings.CutPrefix(t[4:], strings.TrimPrefix(v.webPrefix, CBVNamespace))
		if !ok {
			return ""
		}
		t = rest
	case strings.HasPrefix(t, "gs1:") && v.webPrefix == GS1Namespace:
		t = t[4:]
	}
	if v.terms[t] {
		return t
	}
	return ""
}

// BizStepTerm is the bare business step of a value: a CBV 2.0 step, one of
// TraceChain's agricultural steps, or "" for other (custom) URIs.
func BizStepTerm(value string) string {
	if t := bizStepVocab.Term(value); t != "" {
		return t
	}
	if a := strings.TrimPrefix(value, AgriBizStepPrefix); agriBizSteps[a] {
		return a
	}
	return ""
}

// DispositionTerm is the bare CBV disposition of a value, or "".
func DispositionTerm(value string) string { return dispositionVocab.Term(value) }

// SourceDestTypeTerm is the bare CBV source/destination type, or "".
func SourceDestTypeTerm(value string) string { return sdtVocab.Term(value) }

// AgriBizSteps lists TraceChain's agricultural business steps.
func AgriBizSteps() []string {
	out := make([]string, 0, len(agriBizSteps))
	for s := range agriBizSteps {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// ExpandAgriBizStep rewrites a bare agricultural business step
// ("harvesting") to its URI, as the chain does before hashing, so that the
// event is valid EPCIS 2.0 (CBV has no such step) and its stored JSON
// hashes to its ID. It changes n in place.
func ExpandAgriBizStep(n *Node) {
	v := n.Get("bizStep")
	if v == nil || v.Kind != String || !agriBizSteps[v.Text] {
		return
	}
	n.Set("bizStep", StringNode(AgriBizStepPrefix+v.Text))
}

// CanonicalTerms is a copy of an event with every CBV or GS1 term of
// EPCIS's own fields, in whichever spelling (bare, CURIE, URN, web URI),
// written as its web URI — the one the event hash reads.
func CanonicalTerms(ev *Node) *Node {
	c := ev.Clone()
	expandField := func(n *Node, key string, v vocabulary) {
		if f := n.Get(key); f != nil && f.Kind == String {
			if t := v.Term(f.Text); t != "" {
				f.Text = v.webPrefix + t
			}
		}
	}
	ExpandAgriBizStep(c)
	expandField(c, "bizStep", bizStepVocab)
	expandField(c, "disposition", dispositionVocab)
	if pd := c.Get("persistentDisposition"); pd != nil {
		for _, k := range []string{"set", "unset"} {
			if l := pd.Get(k); l != nil {
				for _, d := range l.Values {
					if t := dispositionVocab.Term(d.Text); t != "" {
						d.Text = dispositionVocab.webPrefix + t
					}
				}
			}
		}
	}
	if ed := c.Get("errorDeclaration"); ed != nil {
		expandField(ed, "reason", errorReasonVocab)
	}
	for list, v := range map[string]vocabulary{"bizTransactionList": bttVocab, "sourceList": sdtVocab, "destinationList": sdtVocab} {
		if l := c.Get(list); l != nil {
			for _, e := range l.Values {
				expandField(e, "type", v)
			}
		}
	}
	if sel := c.Get("sensorElementList"); sel != nil {
		for _, se := range sel.Values {
			if reps := se.Get("sensorReport"); reps != nil {
				for _, r := range reps.Values {
					expandField(r, "type", measurementVocab)
					expandField(r, "exception", alertVocab)
					expandField(r, "component", componentVocab)
				}
			}
		}
	}
	return c
}
