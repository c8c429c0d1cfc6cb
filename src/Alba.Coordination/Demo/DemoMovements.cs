namespace Alba.Coordination.Demo;

public sealed record DemoMovementSeed(string Name, string Country, string Region, string Sector, string Slug);

/// <summary>Twenty-five member movements in fifteen countries, as at the third continental assembly.</summary>
public static class DemoMovements
{
    public static readonly IReadOnlyList<DemoMovementSeed> All =
    [
        new("Movimiento de Trabajadores Rurales Sin Tierra", "BR", "South America", "peasant", "mst"),
        new("Levante Popular da Juventude", "BR", "South America", "youth", "levante"),
        new("Movimento dos Atingidos por Barragens", "BR", "South America", "environment", "mab"),
        new("Unión de Trabajadores de la Economía Popular", "AR", "South America", "labour", "utep"),
        new("Frente Popular Darío Santillán", "AR", "South America", "popular", "fpds"),
        new("Movimiento Nacional Campesino Indígena", "AR", "South America", "peasant", "mnci"),
        new("Corriente Revolucionaria Bolívar y Zamora", "VE", "Caribbean", "peasant", "crbz"),
        new("Plataforma de Lucha Campesina", "VE", "Caribbean", "peasant", "plc"),
        new("Congreso de los Pueblos", "CO", "Andes", "popular", "cdp"),
        new("Marcha Patriótica", "CO", "Andes", "popular", "marcha"),
        new("Confederación Sindical Única de Trabajadores Campesinos", "BO", "Andes", "peasant", "csutcb"),
        new("Bartolina Sisa", "BO", "Andes", "women", "bartolinas"),
        new("Asociación Nacional de Agricultores Pequeños", "CU", "Caribbean", "peasant", "anap"),
        new("Federación de Mujeres Cubanas", "CU", "Caribbean", "women", "fmc"),
        new("Movimiento de Liberación Nacional", "MX", "North America", "popular", "mln"),
        new("Organización Campesina de la Sierra Sur", "MX", "North America", "peasant", "ocss"),
        new("Movimiento de Pobladores en Lucha", "CL", "South America", "housing", "mpl"),
        new("Confederación Campesina del Perú", "PE", "Andes", "peasant", "ccp"),
        new("Confederación de Nacionalidades Indígenas", "EC", "Andes", "indigenous", "conaie"),
        new("Consejo Cívico de Organizaciones Populares e Indígenas", "HN", "Central America", "indigenous", "copinh"),
        new("Plataforma Agraria", "HN", "Central America", "peasant", "plataforma"),
        new("Asociación de Trabajadores del Campo", "NI", "Central America", "labour", "atc"),
        new("Federación Nacional Campesina", "PY", "South America", "peasant", "fnc"),
        new("Federación Uruguaya de Cooperativas de Vivienda", "UY", "South America", "housing", "fucvam"),
        new("Tèt Kole Ti Peyizan Ayisyen", "HT", "Caribbean", "peasant", "tetkole"),
    ];
}
