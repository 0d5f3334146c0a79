namespace OutreachBot.Storage;

/// <summary>StorageConfigurationException: storage cannot start as configured; the message names the setting to fix and never holds a password.</summary>
public sealed class StorageConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
