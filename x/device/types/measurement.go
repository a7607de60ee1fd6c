package types

// RFIDRead is the measurement type of a read of RFID tags: the EPCs are the
// reading, and value and unit stay empty.
const RFIDRead = "rfid"

// sensorTypes are the GS1 EPCIS 2.0 / CBV 2.0 sensor measurement types
// (the measurementType enumeration of EPCIS-JSON-Schema.json), written
// with the gs1: prefix as in EPCIS sensorReport "type".
var sensorTypes = func() map[string]bool {
	names := []string{
		"AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude",
		"AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration", "AngularMomentum",
		"AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity", "Count", "Density", "Dimensionless",
		"DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity", "ElectricCharge", "ElectricCurrent",
		"ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force", "Frequency", "Illuminance",
		"Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance", "LuminousFlux",
		"LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
		"MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy",
		"MolarMass", "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity",
		"Resistance", "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
		"Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux",
		"Wavenumber",
	}
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m["gs1:"+n] = true
	}
	return m
}()

// TemperatureType is the measurement type checked against products'
// storage limits.
const TemperatureType = "gs1:Temperature"

// IsSensorType reports whether t is a GS1 sensor measurement type.
func IsSensorType(t string) bool { return sensorTypes[t] }
